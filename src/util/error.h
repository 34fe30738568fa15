// util/error.h: the one error type of rtlduet and a small Result<T> (std::expected is not in GCC
// 12). Lower layers return errors with context; util/exit_code.h gives each kind its exit code.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace rtlduet::util {

enum class ErrorKind {
    Usage,        // bad flag or option combination
    Input,        // unreadable or malformed user input (spec, suite, samples file)
    Io,           // filesystem failure outside the user's input
    Llm,          // endpoint unreachable or unusable after retries
    Tool,         // missing or broken external tool (verilator, iverilog, python3)
    Interrupted,  // Ctrl-C / SIGTERM
    Internal,     // a bug in rtlduet
};

std::string_view to_string(ErrorKind kind);

struct SourceLocation {
    std::string file;
    int line = 0;
    bool operator==(const SourceLocation&) const = default;
};

struct Error {
    ErrorKind kind = ErrorKind::Internal;
    std::string message;  // one line, lower case, no final period
    std::string detail;   // optional: HTTP body, tail of a tool log
    std::optional<SourceLocation> where;

    /// "file:line: message" when a location is known, else the message.
    std::string what() const;
    /// Returns a copy whose message is prefixed with "context: ".
    Error with_context(std::string_view context) const;
};

template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : v_(std::move(value)) {}
    Result(Error error) : v_(std::move(error)) {}
    explicit operator bool() const { return v_.index() == 0; }
    T& operator*() { return std::get<0>(v_); }
    const T& operator*() const { return std::get<0>(v_); }
    T* operator->() { return &std::get<0>(v_); }
    const T* operator->() const { return &std::get<0>(v_); }
    const Error& error() const { return std::get<1>(v_); }

private:
    std::variant<T, Error> v_;
};

/// Result of an operation that yields nothing but may fail.
template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : error_(std::move(error)) {}
    explicit operator bool() const { return !error_.has_value(); }
    const Error& error() const { return *error_; }

private:
    std::optional<Error> error_;
};

using Status = Result<void>;

inline Error make_error(ErrorKind kind, std::string message, std::string detail = {}) {
    return Error{.kind = kind, .message = std::move(message), .detail = std::move(detail)};
}

}  // namespace rtlduet::util
