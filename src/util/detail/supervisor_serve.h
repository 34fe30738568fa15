// util/detail/supervisor_serve.h: the inside of rtlduet-sandbox: one Supervisor per process
// runs each plan it receives in a fresh child, enforces the deadline and kills every
// descendant before it reports.
#pragma once

#include <sys/types.h>

#include "util/detail/supervisor.h"

namespace rtlduet::util::detail {

class Supervisor {
public:
    /// Blocks SIGCHLD and SIGTERM into a signalfd and becomes a child subreaper.
    explicit Supervisor(int control_fd);

    /// Forks a child that executes the plan, supervises it and returns its report.
    SupervisorReport run(const RunPlan& plan, const int (&stdio)[3]);

    /// Supervises an already started process that has been re-parented to this one.
    SupervisorReport supervise(pid_t child, std::int64_t deadline_ms);

    bool send_report(const SupervisorReport& report) const;

    /// False once the host closed its end of the socket (rtlduet is gone).
    bool is_host_alive() const { return is_host_alive_; }

    /// A long-lived child (the warm Python) that kill_everything leaves alone.
    void spare(pid_t pid) {
        spared_ = pid;
        is_spared_gone_ = false;
    }
    bool is_spared_gone() const { return is_spared_gone_; }

private:
    bool wait_for_child(std::int64_t deadline_ms);
    int reap_ended();
    void kill_everything();

    int control_fd_;
    int signal_fd_ = -1;
    pid_t child_ = -1;
    pid_t spared_ = -1;
    bool is_child_done_ = false;
    bool is_spared_gone_ = false;
    bool is_host_alive_ = true;
    SupervisorReport report_;
};

}  // namespace rtlduet::util::detail
