// util/error.cpp: rendering of errors.
#include "util/error.h"

#include <fmt/format.h>

namespace rtlduet::util {

std::string_view to_string(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::Usage: return "usage";
        case ErrorKind::Input: return "input";
        case ErrorKind::Io: return "io";
        case ErrorKind::Llm: return "llm";
        case ErrorKind::Tool: return "tool";
        case ErrorKind::Interrupted: return "interrupted";
        case ErrorKind::Internal: return "internal";
    }
    return "internal";
}

std::string Error::what() const {
    if (where && !where->file.empty()) {
        if (where->line > 0) {
            return fmt::format("{}:{}: {}", where->file, where->line, message);
        }
        return fmt::format("{}: {}", where->file, message);
    }
    return message;
}

Error Error::with_context(std::string_view context) const {
    Error copy = *this;
    copy.message = fmt::format("{}: {}", context, message);
    return copy;
}

}  // namespace rtlduet::util
