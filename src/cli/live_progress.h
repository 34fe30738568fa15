// cli/live_progress.h: what a live `run` shows while it waits for the LLM. On a terminal one
// status line, redrawn in place: the turn, per agent the requests in flight, tokens received
// and tokens/s, the best pair so far. In a pipe one plain line per finished request.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "llm/chat_client.h"
#include "util/logger.h"

namespace rtlduet::cli {

class LiveProgress final : public llm::RequestObserver {
public:
    /// `is_terminal`: stderr is a terminal that can redraw a line (not TERM=dumb).
    LiveProgress(util::Logger& log, bool is_terminal);
    ~LiveProgress() override;
    LiveProgress(const LiveProgress&) = delete;
    LiveProgress& operator=(const LiveProgress&) = delete;

    /// Whether this process's stderr is such a terminal.
    static bool stderr_is_terminal(bool is_term_dumb);

    void started(const std::string& agent, int sample) override;
    void streamed(const std::string& agent, int sample, int tokens) override;
    void ended(const std::string& agent, int sample, bool answered) override;
    /// The flow's turn and pair status ("turn 2/3", "best match rate 0.61").
    void status(const std::string& text);

private:
    using Steady = std::chrono::steady_clock;
    struct Agent {
        int in_flight = 0;
        long long tokens = 0;       // over the run
        long long busy_tokens = 0;  // since in_flight last rose from 0
        Steady::time_point busy_since;
    };
    struct Request {
        Steady::time_point started;
        long long tokens = 0;
    };

    std::string line_locked(Steady::time_point now) const;
    void draw_locked(bool is_forced);

    util::Logger& log_;
    const bool is_terminal_;
    std::mutex mutex_;
    std::map<std::string, Agent> agents_;
    std::map<std::pair<std::string, int>, Request> requests_;
    std::string status_;
    Steady::time_point last_draw_{};
};

}  // namespace rtlduet::cli
