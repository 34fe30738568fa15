// util/detail/supervisor_main.cpp: main() of rtlduet-sandbox, the small supervisor rtlduet
// starts with posix_spawn (never a fork of its own large, threaded process).
//   rtlduet-sandbox serve --once HOST_PID   one run, outside the sandbox (bwrap is the program)
//   rtlduet-sandbox serve --worker          many runs, one at a time, inside its own bwrap
//   rtlduet-sandbox launch UID GID PROG...  run PROG (the worker's bwrap) as UID/GID and reap
//                                           everything it leaves behind
// The plan arrives on descriptor 3, a socket (util/detail/supervisor.h).
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <string>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/detail/supervisor_serve.h"
#include "util/detail/warm_python.h"

namespace rtlduet::util::detail {
namespace {

void close_stdio(int (&stdio)[3]) {
    for (int& fd : stdio) {
        if (fd >= 0) {
            ::close(fd);
            fd = -1;
        }
    }
}

// Removes everything below `dir` that lives on the same file system (a bind mount of a work
// directory is left alone); directories that still hold a mount point stay.
void remove_contents(int dir_fd, dev_t device) {
    DIR* dir = ::fdopendir(dir_fd);
    if (dir == nullptr) {
        ::close(dir_fd);
        return;
    }
    while (const dirent* entry = ::readdir(dir)) {
        const char* name = entry->d_name;
        struct stat info {};
        if (std::strcmp(name, ".") == 0 || std::strcmp(name, "..") == 0 ||
            ::fstatat(dir_fd, name, &info, AT_SYMLINK_NOFOLLOW) != 0 || info.st_dev != device) {
            continue;
        }
        if (S_ISDIR(info.st_mode)) {
            ::fchmodat(dir_fd, name, 0700, 0);
            const int child =
                ::openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (child >= 0) {
                remove_contents(child, device);
            }
            ::unlinkat(dir_fd, name, AT_REMOVEDIR);
        } else {
            ::unlinkat(dir_fd, name, 0);
        }
    }
    ::closedir(dir);
}

void sweep_directory(const char* path) {
    struct stat info {};
    const int fd = ::open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0 && ::fstat(fd, &info) == 0) {
        remove_contents(fd, info.st_dev);
    } else if (fd >= 0) {
        ::close(fd);
    }
}

// System V objects outlive their processes: each one listed in /proc/sysvipc is removed.
void sweep_sysv_ipc() {
    for (const char* kind : {"shm", "sem", "msg"}) {
        const std::string path = std::string("/proc/sysvipc/") + kind;
        FILE* list = std::fopen(path.c_str(), "re");
        if (list == nullptr) {
            continue;
        }
        char line[512];
        bool is_header = true;
        while (std::fgets(line, sizeof line, list) != nullptr) {
            long key = 0;
            int id = -1;
            if (is_header || std::sscanf(line, "%ld %d", &key, &id) != 2) {
                is_header = false;
                continue;
            }
            if (kind[1] == 'h') {
                ::shmctl(id, IPC_RMID, nullptr);
            } else if (kind[1] == 'e') {
                ::semctl(id, 0, IPC_RMID);
            } else {
                ::msgctl(id, IPC_RMID, nullptr);
            }
        }
        std::fclose(list);
    }
}

// What one run could leave for the next in the worker's private namespaces.
void sweep_after_run() {
    sweep_directory("/tmp");
    sweep_directory("/dev/shm");
    sweep_sysv_ipc();
    struct stat info {};
    if (::stat("/dev/null", &info) == 0 && S_ISREG(info.st_mode)) {
        ::truncate("/dev/null", 0);  // the stand-in file of a host with a root-only /dev/null
    }
}

// RLIMIT_NPROC counts the processes of the run's uid in the worker's user namespace, which
// holds only the worker and its runs: the plan's budget comes on top of those.
void add_running_processes(RunPlan& plan) {
    DIR* proc = ::opendir("/proc");
    long running = 0;
    while (const dirent* entry = proc != nullptr ? ::readdir(proc) : nullptr) {
        running += entry->d_name[0] >= '1' && entry->d_name[0] <= '9' ? 1 : 0;
    }
    if (proc != nullptr) {
        ::closedir(proc);
    }
    for (LimitSetting& limit : plan.limits) {
        if (limit.resource == RLIMIT_NPROC) {
            limit.value += static_cast<rlim_t>(running);
        }
    }
}

int serve(bool is_worker) {
    Supervisor supervisor(kControlFd);
    WarmPython warm(supervisor);
    if (is_worker && ::send(kControlFd, &kHelloMessage, 1, MSG_NOSIGNAL) != 1) {
        return 1;
    }
    for (;;) {
        int stdio[3];
        auto plan = receive_plan(kControlFd, stdio);
        if (!plan) {
            close_stdio(stdio);
            return 0;
        }
        if (is_worker) {
            add_running_processes(*plan);
        }
        const SupervisorReport report =
            is_worker && plan->python_main ? warm.run(*plan, stdio) : supervisor.run(*plan, stdio);
        close_stdio(stdio);
        if (is_worker) {
            sweep_after_run();
        }
        if (!supervisor.is_host_alive() || !supervisor.send_report(report) || !is_worker) {
            return 0;
        }
        warm.start_pending();
    }
}

// Starts the worker's bwrap as UID/GID (unchanged when they are ours) and stays its parent
// until every process it leaves is gone. bwrap's outer process exits as soon as the worker
// does, before its pid-namespace init has ended: as a subreaper this process inherits that
// init and reaps it, so the CPU time of every run the worker served reaches rtlduet's own
// accounting (wait4, `time`) instead of being lost with an orphan.
int launch(char** argv) {
    const auto uid = static_cast<uid_t>(std::strtoul(argv[0], nullptr, 10));
    const auto gid = static_cast<gid_t>(std::strtoul(argv[1], nullptr, 10));
    ::prctl(PR_SET_CHILD_SUBREAPER, 1);
    const pid_t sandbox = ::fork();
    if (sandbox < 0) {
        std::perror("rtlduet-sandbox: cannot start the worker's sandbox");
        return 126;
    }
    if (sandbox == 0) {
        const bool is_ours = uid == ::getuid() && gid == ::getgid();
        if (!is_ours &&
            (::setgroups(0, nullptr) != 0 || ::setgid(gid) != 0 || ::setuid(uid) != 0)) {
            std::perror("rtlduet-sandbox: cannot drop privileges");
            ::_exit(126);
        }
        ::execv(argv[2], argv + 2);
        std::perror("rtlduet-sandbox: cannot execute the worker's sandbox");
        ::_exit(127);
    }
    ::close(kControlFd);  // the worker's end of the channel is the sandbox's alone
    int sandbox_status = 0;
    int status = 0;
    for (pid_t ended = 0; (ended = ::wait(&status)) > 0 || errno == EINTR;) {
        sandbox_status = ended == sandbox ? status : sandbox_status;
    }
    return WIFEXITED(sandbox_status) ? WEXITSTATUS(sandbox_status) : 128 + WTERMSIG(sandbox_status);
}

}  // namespace
}  // namespace rtlduet::util::detail

int main(int argc, char** argv) {
    using namespace rtlduet::util::detail;
    ::close_range(kControlFd + 1, ~0U, 0);
    const std::string mode = argc > 2 ? std::string(argv[1]) + " " + argv[2] : "";
    if (mode == "serve --once" && argc == 4) {
        ::setsid();
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (::getppid() != static_cast<pid_t>(std::strtol(argv[3], nullptr, 10))) {
            return 1;
        }
        return serve(false);
    }
    if (mode == "serve --worker" && argc == 3) {
        // A worker sweeps /tmp after every run: only ever inside the fresh pid and mount
        // namespaces of its own bwrap, whose first child it is.
        if (::getpid() != 2 || ::getppid() != 1) {
            std::fprintf(stderr, "rtlduet-sandbox: a worker runs only inside its own sandbox\n");
            return 2;
        }
        ::prctl(PR_SET_DUMPABLE, 0);  // runs share its uid: no ptrace, no /proc/<pid>/fd
        return serve(true);
    }
    if (argc > 4 && std::string(argv[1]) == "launch") {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // its bwrap dies with it (--die-with-parent)
        return launch(argv + 2);
    }
    std::fprintf(stderr, "rtlduet-sandbox: rtlduet's sandbox supervisor, started by rtlduet\n");
    return 2;
}
