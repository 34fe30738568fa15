// util/detail/supervisor.cpp: the supervisor process between rtlduet and untrusted code.
// It is a child subreaper, so every orphaned descendant (including one that called setsid)
// is re-parented to it and can be found and killed through /proc/<pid>/task/<pid>/children.
// Only async-signal-safe calls and raw reads of /proc happen here (the parent is threaded).
#include "util/detail/supervisor.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

namespace rtlduet::util::detail {
namespace {

constexpr int kExecFailedExit = 127;

void write_text(int fd, const char* text) {
    const ssize_t ignored = ::write(fd, text, std::strlen(text));
    (void)ignored;
}

// The child: limits, identity, then exec. Reports an exec failure on the status pipe.
[[noreturn]] void exec_child(const ChildPlan& plan, int exec_error_fd) {
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    ::signal(SIGPIPE, SIG_DFL);
    ::setpgid(0, 0);
    ::dup2(plan.stdin_fd, 0);
    ::dup2(plan.stdout_fd, 1);
    ::dup2(plan.stderr_fd, 2);
    if (::chdir(plan.cwd) != 0) {
        const int err = errno;
        write_text(2, "sandbox: cannot enter the work directory\n");
        const ssize_t ignored = ::write(exec_error_fd, &err, sizeof err);
        (void)ignored;
        ::_exit(kExecFailedExit);
    }
    for (const LimitSetting& limit : plan.limits) {
        const rlimit value{limit.value, limit.value};
        ::setrlimit(limit.resource, &value);
    }
    if (plan.drop_privileges) {
        if (::setgroups(0, nullptr) != 0 || ::setgid(plan.gid) != 0 || ::setuid(plan.uid) != 0) {
            write_text(2, "sandbox: cannot drop privileges\n");
            ::_exit(kExecFailedExit);
        }
    }
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (plan.no_new_privs) {
        ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    }
    ::execve(plan.program, plan.argv.data(), plan.envp.data());
    const int err = errno;
    const ssize_t ignored = ::write(exec_error_fd, &err, sizeof err);
    (void)ignored;
    write_text(2, "sandbox: cannot execute the program\n");
    ::_exit(kExecFailedExit);
}

// Reads the pids of this process's direct children and sends each SIGKILL (also to its
// process group, in case it leads one). Returns how many were found.
int kill_direct_children() {
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%d/task/%d/children", ::getpid(), ::getpid());
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return 0;
    }
    int found = 0;
    char buffer[4096];
    long pid = 0;
    bool in_number = false;
    ssize_t n = 0;
    while ((n = ::read(fd, buffer, sizeof buffer)) > 0) {
        for (ssize_t i = 0; i < n; ++i) {
            const char ch = buffer[i];
            if (ch >= '0' && ch <= '9') {
                pid = pid * 10 + (ch - '0');
                in_number = true;
            } else if (in_number) {
                ::kill(static_cast<pid_t>(pid), SIGKILL);
                ::kill(-static_cast<pid_t>(pid), SIGKILL);
                ++found;
                pid = 0;
                in_number = false;
            }
        }
    }
    if (in_number) {
        ::kill(static_cast<pid_t>(pid), SIGKILL);
        ++found;
    }
    ::close(fd);
    return found;
}

// Reaps every child that has ended; records the main child's status. Returns the count.
int reap_ended(pid_t main_child, bool* main_done, int* main_status) {
    int reaped = 0;
    int status = 0;
    pid_t pid = 0;
    while ((pid = ::waitpid(-1, &status, WNOHANG | __WALL)) > 0) {
        ++reaped;
        if (pid == main_child) {
            *main_done = true;
            *main_status = status;
        }
    }
    return reaped;
}

void kill_everything(pid_t main_child, bool* main_done, int* main_status) {
    ::kill(-main_child, SIGKILL);
    ::kill(main_child, SIGKILL);
    const timespec pause{0, 1'000'000};
    for (int round = 0; round < 100'000; ++round) {
        const int found = kill_direct_children();
        const int reaped = reap_ended(main_child, main_done, main_status);
        if (found == 0 && reaped == 0) {
            int status = 0;
            if (::waitpid(-1, &status, WNOHANG | __WALL) < 0 && errno == ECHILD) {
                return;
            }
            ::nanosleep(&pause, nullptr);
        }
    }
}

timespec remaining_until(const timespec& end) {
    timespec now{};
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    timespec left{end.tv_sec - now.tv_sec, end.tv_nsec - now.tv_nsec};
    if (left.tv_nsec < 0) {
        left.tv_sec -= 1;
        left.tv_nsec += 1'000'000'000;
    }
    if (left.tv_sec < 0) {
        return {0, 0};
    }
    return left;
}

// Closes every descriptor the fork copied from the threaded parent except the ones the plan
// uses. The supervisor never execs, so close-on-exec does not help: without this it would hold
// another thread's open files for the whole run (a freshly written executable then fails to
// exec with ETXTBSY) and other sandboxes' pipe ends (their readers would wait for our end).
void close_inherited_fds(const ChildPlan& plan) {
    int keep[] = {0, 1, 2, plan.stdin_fd, plan.stdout_fd, plan.stderr_fd, plan.status_fd};
    constexpr int kKept = sizeof keep / sizeof keep[0];
    for (int i = 1; i < kKept; ++i) {  // insertion sort: no allocation after fork
        for (int j = i; j > 0 && keep[j - 1] > keep[j]; --j) {
            const int swapped = keep[j];
            keep[j] = keep[j - 1];
            keep[j - 1] = swapped;
        }
    }
    int next = 0;  // the lowest descriptor not yet handled
    for (const int fd : keep) {
        if (fd > next &&
            ::close_range(static_cast<unsigned>(next), static_cast<unsigned>(fd - 1), 0) != 0) {
            for (int other = next; other < fd; ++other) {
                ::close(other);
            }
        }
        next = fd >= next ? fd + 1 : next;
    }
    if (::close_range(static_cast<unsigned>(next), ~0U, 0) != 0) {
        for (int other = next; other < 65536; ++other) {
            ::close(other);
        }
    }
}

}  // namespace

void run_supervisor(const ChildPlan& plan) {
    close_inherited_fds(plan);
    ::setsid();
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != plan.parent_pid) {
        ::_exit(1);
    }
    ::prctl(PR_SET_CHILD_SUBREAPER, 1);
    sigset_t watched;
    sigemptyset(&watched);
    sigaddset(&watched, SIGCHLD);
    sigaddset(&watched, SIGTERM);
    sigprocmask(SIG_BLOCK, &watched, nullptr);

    int exec_pipe[2];
    if (::pipe2(exec_pipe, O_CLOEXEC) != 0) {
        ::_exit(1);
    }
    timespec end{};
    ::clock_gettime(CLOCK_MONOTONIC, &end);
    end.tv_sec += plan.deadline_ms / 1000;
    end.tv_nsec += (plan.deadline_ms % 1000) * 1'000'000;
    if (end.tv_nsec >= 1'000'000'000) {
        end.tv_sec += 1;
        end.tv_nsec -= 1'000'000'000;
    }

    const pid_t child = ::fork();
    if (child == 0) {
        ::close(exec_pipe[0]);
        exec_child(plan, exec_pipe[1]);
    }
    ::close(exec_pipe[1]);
    ::close(plan.stdin_fd);
    ::close(plan.stdout_fd);
    ::close(plan.stderr_fd);

    SupervisorReport report;
    bool main_done = child < 0;
    int main_status = 0;
    while (!main_done) {
        const timespec left = remaining_until(end);
        siginfo_t info{};
        const int sig = ::sigtimedwait(&watched, &info, &left);
        if (sig == SIGCHLD) {
            reap_ended(child, &main_done, &main_status);
        } else if (sig == SIGTERM) {
            report.cancelled = 1;
            break;
        } else if (sig < 0 && errno == EAGAIN) {
            report.timed_out = 1;
            break;
        }
    }
    if (child > 0) {
        kill_everything(child, &main_done, &main_status);
    }
    int exec_errno = 0;
    if (::read(exec_pipe[0], &exec_errno, sizeof exec_errno) == sizeof exec_errno) {
        report.exec_failed_errno = exec_errno;
    }
    rusage usage{};
    ::getrusage(RUSAGE_CHILDREN, &usage);
    report.wait_status = main_status;
    report.peak_rss_kib = usage.ru_maxrss;
    const ssize_t ignored = ::write(plan.status_fd, &report, sizeof report);
    (void)ignored;
    ::_exit(0);
}

}  // namespace rtlduet::util::detail
