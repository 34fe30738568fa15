// cli/live_progress.cpp: the status line is redrawn on every request that starts or ends and
// at most every 200 ms while tokens stream, so it appears with the first request.
#include "cli/live_progress.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <fmt/format.h>

namespace rtlduet::cli {
namespace {

constexpr auto kRedrawEvery = std::chrono::milliseconds(200);
constexpr std::size_t kDefaultWidth = 100;

std::size_t terminal_width() {
    winsize size{};
    if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 10) {
        return size.ws_col - 1;
    }
    return kDefaultWidth;
}

double seconds_between(std::chrono::steady_clock::time_point from,
                       std::chrono::steady_clock::time_point to) {
    return std::chrono::duration<double>(to - from).count();
}

}  // namespace

LiveProgress::LiveProgress(util::Logger& log, bool is_terminal)
    : log_(log), is_terminal_(is_terminal) {}

LiveProgress::~LiveProgress() {
    if (is_terminal_) {
        log_.set_status("");
    }
}

bool LiveProgress::stderr_is_terminal(bool is_term_dumb) {
    return ::isatty(STDERR_FILENO) == 1 && !is_term_dumb;
}

void LiveProgress::started(const std::string& agent, int sample) {
    const std::lock_guard lock(mutex_);
    const auto now = Steady::now();
    Agent& counts = agents_[agent];
    if (counts.in_flight++ == 0) {
        counts.busy_since = now;
        counts.busy_tokens = 0;
    }
    requests_[{agent, sample}] = Request{.started = now};
    draw_locked(true);
}

void LiveProgress::streamed(const std::string& agent, int sample, int tokens) {
    const std::lock_guard lock(mutex_);
    Agent& counts = agents_[agent];
    counts.tokens += tokens;
    counts.busy_tokens += tokens;
    requests_[{agent, sample}].tokens += tokens;
    draw_locked(false);
}

void LiveProgress::ended(const std::string& agent, int sample, bool answered) {
    const std::lock_guard lock(mutex_);
    const auto now = Steady::now();
    Agent& counts = agents_[agent];
    counts.in_flight = std::max(0, counts.in_flight - 1);
    const auto it = requests_.find({agent, sample});
    if (it != requests_.end()) {
        if (!is_terminal_) {
            const double seconds = seconds_between(it->second.started, now);
            log_.write_line(fmt::format(
                "llm {} slot {}: {} after {:.1f} s, {} tokens streamed ({:.0f} tokens/s)", agent,
                sample + 1, answered ? "answered" : "failed", seconds, it->second.tokens,
                seconds > 0 ? static_cast<double>(it->second.tokens) / seconds : 0.0));
        }
        requests_.erase(it);
    }
    draw_locked(true);
}

void LiveProgress::status(const std::string& text) {
    const std::lock_guard lock(mutex_);
    status_ = text;
    draw_locked(true);
}

std::string LiveProgress::line_locked(Steady::time_point now) const {
    std::string line = status_.empty() ? "llm" : status_;
    for (const auto& [agent, counts] : agents_) {
        const double busy = seconds_between(counts.busy_since, now);
        const double rate =
            counts.in_flight > 0 && busy > 0 ? static_cast<double>(counts.busy_tokens) / busy : 0.0;
        line += fmt::format(" | {}: {} in flight, {} tokens, {:.0f} tok/s", agent, counts.in_flight,
                            counts.tokens, rate);
    }
    return line;
}

void LiveProgress::draw_locked(bool is_forced) {
    if (!is_terminal_) {
        return;
    }
    const auto now = Steady::now();
    if (!is_forced && now - last_draw_ < kRedrawEvery) {
        return;
    }
    last_draw_ = now;
    std::string line = line_locked(now);
    const std::size_t width = terminal_width();
    if (line.size() > width) {
        line.resize(width);
    }
    log_.set_status(line);
}

}  // namespace rtlduet::cli
