// util/detail/supervisor.cpp: the supervisor between rtlduet and untrusted code. It is a
// child subreaper, so every orphaned descendant (including one that called setsid) is
// re-parented to it and can be found and killed through /proc/<pid>/task/<pid>/children.
// It serves one run (`serve --once`, outside the sandbox) or many, one after another
// (`serve --worker`, inside a bubblewrap sandbox of its own).
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/detail/supervisor_serve.h"

namespace rtlduet::util::detail {
namespace {

constexpr int kExecFailedExit = 127;

void write_text(int fd, const char* text) {
    const ssize_t ignored = ::write(fd, text, std::strlen(text));
    (void)ignored;
}

[[noreturn]] void fail_child(int exec_error_fd, const char* why) {
    const int err = errno;
    const ssize_t ignored = ::write(exec_error_fd, &err, sizeof err);
    (void)ignored;
    write_text(2, why);
    ::_exit(kExecFailedExit);
}

// The child: descriptors, limits, identity, then exec. An exec failure goes back on a pipe.
[[noreturn]] void exec_child(const RunPlan& plan, const int (&stdio)[3], char* const* argv,
                             char* const* envp, int exec_error_fd) {
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    ::signal(SIGPIPE, SIG_DFL);
    ::setpgid(0, 0);
    for (int fd = 0; fd < 3; ++fd) {
        ::dup2(stdio[fd], fd);
    }
    ::close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
    if (::chdir(plan.cwd.c_str()) != 0) {
        fail_child(exec_error_fd, "sandbox: cannot enter the work directory\n");
    }
    // Out of memory, the kernel kills untrusted code before rtlduet or a worker.
    if (const int adj = ::open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC); adj >= 0) {
        write_text(adj, "1000");
        ::close(adj);
    }
    for (const LimitSetting& limit : plan.limits) {
        const rlimit value{limit.value, limit.value};
        ::setrlimit(limit.resource, &value);
    }
    if (plan.drop_privileges &&
        (::setgroups(0, nullptr) != 0 || ::setgid(plan.gid) != 0 || ::setuid(plan.uid) != 0)) {
        fail_child(exec_error_fd, "sandbox: cannot drop privileges\n");
    }
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (plan.no_new_privs) {
        ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    }
    ::execve(plan.program.c_str(), argv, envp);
    fail_child(exec_error_fd, "sandbox: cannot execute the program\n");
}

// Sends SIGKILL to every direct child (and its process group) except `spared`; returns how
// many were found.
int kill_direct_children(pid_t spared) {
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%d/task/%d/children", ::getpid(), ::getpid());
    FILE* list = std::fopen(path, "re");
    if (list == nullptr) {
        return 0;
    }
    int found = 0;
    long pid = 0;
    while (std::fscanf(list, "%ld", &pid) == 1) {
        if (pid != spared) {
            ::kill(static_cast<pid_t>(pid), SIGKILL);
            ::kill(-static_cast<pid_t>(pid), SIGKILL);
            ++found;
        }
    }
    std::fclose(list);
    return found;
}

// Nanoseconds that `pid` and its descendants spent runnable but waiting for a CPU.
std::int64_t waited_for_cpu(pid_t pid, pid_t spared, int depth) {
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%d/schedstat", pid);
    long long on_cpu = 0;
    long long waited = 0;
    if (FILE* stats = std::fopen(path, "re")) {
        if (std::fscanf(stats, "%lld %lld", &on_cpu, &waited) != 2) {
            waited = 0;
        }
        std::fclose(stats);
    }
    std::snprintf(path, sizeof path, "/proc/%d/task/%d/children", pid, pid);
    FILE* list = depth < 16 ? std::fopen(path, "re") : nullptr;
    if (list != nullptr) {
        long child = 0;
        while (std::fscanf(list, "%ld", &child) == 1) {
            waited +=
                child != spared ? waited_for_cpu(static_cast<pid_t>(child), spared, depth + 1) : 0;
        }
        std::fclose(list);
    }
    return waited;
}

}  // namespace

int Supervisor::reap_ended() {
    int reaped = 0;
    int status = 0;
    rusage usage{};
    pid_t pid = 0;
    while ((pid = ::wait4(-1, &status, WNOHANG | __WALL, &usage)) > 0) {
        ++reaped;
        if (pid == child_) {
            is_child_done_ = true;
            report_.wait_status = status;
            report_.peak_rss_kib = usage.ru_maxrss;
        } else if (pid == spared_) {
            spared_ = -1;
            is_spared_gone_ = true;
        }
    }
    return reaped;
}

void Supervisor::kill_everything() {
    if (child_ > 0) {
        ::kill(-child_, SIGKILL);
        ::kill(child_, SIGKILL);
    }
    const timespec pause{0, 1'000'000};
    for (int round = 0; round < 100'000; ++round) {
        const int found = kill_direct_children(spared_);
        const int reaped = reap_ended();
        if (found == 0 && reaped == 0) {
            if (is_child_done_) {
                return;
            }
            ::nanosleep(&pause, nullptr);
        }
    }
}

Supervisor::Supervisor(int control_fd) : control_fd_(control_fd) {
    sigset_t watched;
    sigemptyset(&watched);
    sigaddset(&watched, SIGCHLD);
    sigaddset(&watched, SIGTERM);
    sigprocmask(SIG_BLOCK, &watched, nullptr);
    signal_fd_ = ::signalfd(-1, &watched, SFD_CLOEXEC | SFD_NONBLOCK);
    ::prctl(PR_SET_CHILD_SUBREAPER, 1);
}

// Waits for the child, the deadline, a cancel byte or SIGTERM; false when the host is gone.
// Waits for the child, the deadline, a cancel byte or SIGTERM; false when the host is gone.
// Time the run spent waiting for a CPU on a loaded machine does not count against the
// deadline (up to kMaxStretch times it), so a verdict does not depend on the load.
bool Supervisor::wait_for_child(std::int64_t deadline_ms) {
    timespec start{};
    ::clock_gettime(CLOCK_MONOTONIC, &start);
    std::int64_t allowed_ms = deadline_ms;
    std::int64_t last_beat_ms = 0;
    bool is_host_alive = true;
    while (reap_ended() >= 0 && !is_child_done_) {
        timespec now{};
        ::clock_gettime(CLOCK_MONOTONIC, &now);
        const std::int64_t spent =
            (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1'000'000;
        if (spent >= allowed_ms) {
            const std::int64_t stretched =
                std::min(deadline_ms + waited_for_cpu(::getpid(), spared_, 0) / 1'000'000,
                         deadline_ms * kMaxStretch);
            if (stretched <= spent) {
                report_.timed_out = 1;
                break;
            }
            allowed_ms = stretched;
        }
        if (spent >= last_beat_ms + kBeatMs) {
            last_beat_ms = spent;
            ::send(control_fd_, &kBeatMessage, 1, MSG_NOSIGNAL | MSG_DONTWAIT);
        }
        pollfd fds[2] = {{signal_fd_, POLLIN, 0}, {control_fd_, POLLIN, 0}};
        const int wait_ms = static_cast<int>(std::min<std::int64_t>(allowed_ms - spent, kBeatMs));
        if (::poll(fds, 2, wait_ms) < 0 && errno != EINTR) {
            break;
        }
        signalfd_siginfo info{};
        while (::read(signal_fd_, &info, sizeof info) == sizeof info) {
            if (info.ssi_signo == SIGTERM) {
                report_.cancelled = 1;
            }
        }
        if (fds[1].revents != 0) {
            char message = 0;
            const ssize_t n = ::recv(control_fd_, &message, 1, MSG_DONTWAIT);
            is_host_alive = n > 0 || (n < 0 && errno == EAGAIN);
            report_.cancelled |= (n > 0 && message == kCancelMessage) || !is_host_alive ? 1 : 0;
        }
        if (report_.cancelled != 0) {
            break;
        }
    }
    return is_host_alive;
}

SupervisorReport Supervisor::run(const RunPlan& plan, const int (&stdio)[3]) {
    int exec_pipe[2] = {-1, -1};
    if (::pipe2(exec_pipe, O_CLOEXEC) != 0) {
        return SupervisorReport{.exec_failed_errno = errno};
    }
    std::vector<char*> argv;
    std::vector<char*> envp;
    for (const std::string& arg : plan.argv) {
        argv.push_back(const_cast<char*>(arg.c_str()));
    }
    for (const std::string& entry : plan.envp) {
        envp.push_back(const_cast<char*>(entry.c_str()));
    }
    argv.push_back(nullptr);
    envp.push_back(nullptr);
    const pid_t child = ::fork();
    if (child == 0) {
        ::close(exec_pipe[0]);
        exec_child(plan, stdio, argv.data(), envp.data(), exec_pipe[1]);
    }
    ::close(exec_pipe[1]);
    SupervisorReport report = child < 0 ? SupervisorReport{.exec_failed_errno = errno}
                                        : supervise(child, plan.deadline_ms);
    int exec_errno = 0;
    if (::read(exec_pipe[0], &exec_errno, sizeof exec_errno) == sizeof exec_errno) {
        report.exec_failed_errno = exec_errno;
    }
    ::close(exec_pipe[0]);
    return report;
}

SupervisorReport Supervisor::supervise(pid_t child, std::int64_t deadline_ms) {
    report_ = SupervisorReport{};
    is_child_done_ = false;
    child_ = child;
    is_host_alive_ = wait_for_child(deadline_ms);
    kill_everything();
    child_ = -1;
    return report_;
}

bool Supervisor::send_report(const SupervisorReport& report) const {
    return ::send(control_fd_, &report, sizeof report, MSG_NOSIGNAL) ==
           static_cast<ssize_t>(sizeof report);
}

}  // namespace rtlduet::util::detail
