// util/logger.cpp: formatting and locking of log lines.
#include "util/logger.h"

namespace rtlduet::util {
namespace {

struct LevelStyle {
    std::string_view tag;
    std::string_view color;  // ANSI SGR sequence
};

LevelStyle style_of(LogLevel level) {
    switch (level) {
        case LogLevel::Debug:
            return {"debug", "\x1b[2m"};
        case LogLevel::Info:
            return {"info", ""};
        case LogLevel::Warn:
            return {"warning", "\x1b[33m"};
        case LogLevel::Error:
            return {"error", "\x1b[31;1m"};
        case LogLevel::Silent:
            break;
    }
    return {"", ""};
}

}  // namespace

void Logger::emit(LogLevel level, std::string_view message) {
    if (parent_ != nullptr) {
        parent_->emit(level, prefix_ + std::string(message));
        return;
    }
    const LevelStyle style = style_of(level);
    const std::lock_guard lock(mutex_);
    clear_status_locked();
    if (use_color_ && !style.color.empty()) {
        fmt::print(sink_, "{}{}:\x1b[0m {}\n", style.color, style.tag, message);
    } else {
        fmt::print(sink_, "{}: {}\n", style.tag, message);
    }
    draw_status_locked();
    std::fflush(sink_);
}

void Logger::set_status(std::string_view line) {
    if (level_ == LogLevel::Silent) {
        return;
    }
    const std::lock_guard lock(mutex_);
    clear_status_locked();
    status_ = line;
    draw_status_locked();
    std::fflush(sink_);
}

// "\r" plus erase-line: the status line is always the cursor's line.
void Logger::clear_status_locked() {
    if (!status_.empty()) {
        std::fputs("\r\x1b[K", sink_);
    }
}

void Logger::draw_status_locked() {
    if (!status_.empty()) {
        std::fputs(status_.c_str(), sink_);
    }
}

void Logger::write_line(std::string_view line) {
    if (level_ == LogLevel::Silent) {
        return;
    }
    if (parent_ != nullptr) {
        parent_->write_line(prefix_ + std::string(line));
        return;
    }
    const std::lock_guard lock(mutex_);
    clear_status_locked();
    fmt::print(sink_, "{}\n", line);
    draw_status_locked();
    std::fflush(sink_);
}

std::string truncate_for_log(std::string_view text, std::size_t max_chars) {
    if (text.size() <= max_chars) {
        return std::string(text);
    }
    return fmt::format("{}... [{} more chars]", text.substr(0, max_chars), text.size() - max_chars);
}

}  // namespace rtlduet::util
