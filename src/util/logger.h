// util/logger.h: the one logger. Writes to stderr (stdout carries only results), thread-safe,
// colour only when the caller says the stream is a terminal and NO_COLOR is unset.
#pragma once

#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace rtlduet::util {

enum class LogLevel { Debug, Info, Warn, Error, Silent };

class Logger {
public:
    explicit Logger(LogLevel level = LogLevel::Info, bool use_color = false,
                    std::FILE* sink = stderr)
        : level_(level), use_color_(use_color), sink_(sink) {}
    /// A logger whose lines go to `parent` with `prefix` in front ("Prob001 sample 01: "), so
    /// the lines of work running side by side say whose they are.
    Logger(Logger& parent, std::string prefix)
        : level_(parent.level_),
          use_color_(parent.use_color_),
          sink_(parent.sink_),
          parent_(&parent),
          prefix_(std::move(prefix)) {}

    LogLevel level() const { return level_; }
    void set_level(LogLevel level) { level_ = level; }
    void set_color(bool use_color) { use_color_ = use_color; }
    bool enabled(LogLevel level) const { return level >= level_ && level_ != LogLevel::Silent; }

    template <typename... Args>
    void debug(fmt::format_string<Args...> format, Args&&... args) {
        log(LogLevel::Debug, format, std::forward<Args>(args)...);
    }
    template <typename... Args>
    void info(fmt::format_string<Args...> format, Args&&... args) {
        log(LogLevel::Info, format, std::forward<Args>(args)...);
    }
    template <typename... Args>
    void warn(fmt::format_string<Args...> format, Args&&... args) {
        log(LogLevel::Warn, format, std::forward<Args>(args)...);
    }
    template <typename... Args>
    void error(fmt::format_string<Args...> format, Args&&... args) {
        log(LogLevel::Error, format, std::forward<Args>(args)...);
    }

    /// Writes a line as is (progress lines, summaries meant for a human on stderr).
    void write_line(std::string_view line);

    /// On a terminal: keeps `line` as the last line of the sink, redrawn in place and kept
    /// below every log line written meanwhile. An empty line removes it.
    void set_status(std::string_view line);

private:
    template <typename... Args>
    void log(LogLevel level, fmt::format_string<Args...> format, Args&&... args) {
        if (enabled(level)) {
            emit(level, fmt::format(format, std::forward<Args>(args)...));
        }
    }
    void emit(LogLevel level, std::string_view message);
    void clear_status_locked();
    void draw_status_locked();

    LogLevel level_;
    bool use_color_;
    std::FILE* sink_;
    Logger* parent_ = nullptr;
    std::string prefix_;
    std::mutex mutex_;
    std::string status_;  // guarded by mutex_
};

/// Shortens text for debug logs: keeps the head and says how much was cut.
std::string truncate_for_log(std::string_view text, std::size_t max_chars = 400);

}  // namespace rtlduet::util
