// util/detail/warm_python.h: a worker's warm Python. One interpreter per worker starts once
// and never runs untrusted code itself; each `python_main` run is a fresh fork of it (forked
// twice, so the run is re-parented to the supervisor, which then supervises it like any
// other child). Nothing a run does reaches the next one: its memory dies with it, and the
// warm interpreter is not traceable (not dumpable) by the uid the runs share.
#pragma once

#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

#include "util/detail/supervisor_serve.h"

namespace rtlduet::util::detail {

class WarmPython {
public:
    explicit WarmPython(Supervisor& supervisor) : supervisor_(supervisor) {}
    ~WarmPython();
    WarmPython(const WarmPython&) = delete;
    WarmPython& operator=(const WarmPython&) = delete;

    /// Runs `python [flags] script [args]` as a fork of the warm interpreter for these flags
    /// (started or restarted as needed); a plain exec when no warm fork can be had.
    SupervisorReport run(const RunPlan& plan, const int (&stdio)[3]);

    /// Starts the warm interpreter a run asked for while none was there (between runs, so
    /// that no run waits for Python to start twice).
    void start_pending();

private:
    bool start(const RunPlan& plan, std::size_t script_at);
    pid_t fork_run(const RunPlan& plan, std::size_t script_at, const int (&stdio)[3]);
    void stop();

    Supervisor& supervisor_;
    pid_t pid_ = -1;
    int socket_ = -1;
    std::vector<std::string> interpreter_;  // program and flags it was started with
    std::optional<RunPlan> pending_;        // the interpreter to start after this run
    int cold_runs_ = 0;                     // runs that executed Python without one
};

}  // namespace rtlduet::util::detail
