// util/detail/sandbox_channel.h: one run as the host sees it: the plan sent to a supervisor
// with fresh stdio pipes, stdin written, stdout and stderr captured within bounds, and the
// supervisor's report awaited until a hard deadline.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

#include "util/detail/supervisor.h"
#include "util/sandbox.h"

namespace rtlduet::util::detail {

struct ChannelOutcome {
    std::optional<SupervisorReport> report;  // nullopt: the supervisor left without one
    RunResult result;                        // output, byte counts and wall time so far
};

/// Starts argv[0] with posix_spawn (no copy of this large, threaded process): stdio on
/// /dev/null, `control_fd` as descriptor 3, nothing else inherited. The pid, or -1.
pid_t spawn_supervisor(const std::vector<std::string>& argv, int control_fd);

/// Runs `plan` through the supervisor at the other end of `control_fd`. A set cancel flag is
/// passed on as a cancel message; past the longest stretched deadline plus `grace` it stops
/// waiting.
Result<ChannelOutcome> exchange(int control_fd, const RunPlan& plan, const SandboxRequest& request,
                                std::chrono::milliseconds grace);

/// Exit code, signal and flags from the report; `is_bwrap_status`: the supervisor waited on
/// bwrap, which reports a child killed by signal N as exit status 128 + N.
void apply_report(const SupervisorReport& report, bool is_bwrap_status, RunResult& result);

}  // namespace rtlduet::util::detail
