// util/detail/supervisor.h: the forked side of the sandboxed runner. Everything the child
// needs is prepared before fork(), so the forked code only makes system calls.
#pragma once

#include <sys/resource.h>
#include <sys/types.h>

#include <cstdint>
#include <vector>

namespace rtlduet::util::detail {

struct LimitSetting {
    int resource;
    rlim_t value;
};

struct ChildPlan {
    const char* program = nullptr;  // absolute path passed to execve
    std::vector<char*> argv;        // null-terminated
    std::vector<char*> envp;        // null-terminated
    const char* cwd = nullptr;
    int stdin_fd = -1;  // child ends of the pipes
    int stdout_fd = -1;
    int stderr_fd = -1;
    std::vector<LimitSetting> limits;
    bool drop_privileges = false;
    uid_t uid = 65534;
    gid_t gid = 65534;
    bool no_new_privs = false;
    std::int64_t deadline_ms = 0;
    int status_fd = -1;  // supervisor -> parent report
    pid_t parent_pid = 0;
};

/// What the supervisor writes to status_fd before it exits.
struct SupervisorReport {
    int wait_status = 0;
    int timed_out = 0;
    int cancelled = 0;
    int exec_failed_errno = 0;
    long peak_rss_kib = 0;
};

/// Runs in the forked supervisor: becomes a session leader and child subreaper, forks the
/// child, waits for it, the deadline or SIGTERM, then kills and reaps every descendant
/// and writes a SupervisorReport. Never returns.
[[noreturn]] void run_supervisor(const ChildPlan& plan);

}  // namespace rtlduet::util::detail
