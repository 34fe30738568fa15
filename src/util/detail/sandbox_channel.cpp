// util/detail/sandbox_channel.cpp: pipes, the poll loop that captures a run's output and
// the wait for the supervisor's report.
#include "util/detail/sandbox_channel.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

namespace rtlduet::util::detail {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kSilenceLimit = std::chrono::seconds(5);

// Owns one pipe's two descriptors.
struct Pipe {
    int read_end = -1;
    int write_end = -1;
    ~Pipe() {
        close_read();
        close_write();
    }
    bool open() {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0) {
            return false;
        }
        read_end = fds[0];
        write_end = fds[1];
        return true;
    }
    void close_read() {
        if (read_end >= 0) {
            ::close(read_end);
            read_end = -1;
        }
    }
    void close_write() {
        if (write_end >= 0) {
            ::close(write_end);
            write_end = -1;
        }
    }
};

// One captured stream: keeps the head, counts the rest, closes past the output limit.
struct Capture {
    std::string* text;
    std::uint64_t* total;
    std::size_t keep;
    std::uint64_t limit;
    bool limit_hit = false;

    // Returns false when the stream is finished (EOF, error or over the limit).
    bool drain(int fd) {
        char buffer[65536];
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0) {
            return errno == EINTR || errno == EAGAIN;
        }
        if (n == 0) {
            return false;
        }
        *total += static_cast<std::uint64_t>(n);
        if (text->size() < keep) {
            text->append(buffer,
                         std::min<std::size_t>(static_cast<std::size_t>(n), keep - text->size()));
        }
        if (*total > limit) {
            limit_hit = true;
            return false;
        }
        return true;
    }
};

// Writes what fits of stdin; false when stdin is done (all written, or the reader left).
bool feed(int fd, const std::string& data, std::size_t& written) {
    const ssize_t n = ::write(fd, data.data() + written, data.size() - written);
    if (n > 0) {
        written += static_cast<std::size_t>(n);
    }
    return !(n < 0 && errno != EAGAIN && errno != EINTR) && written < data.size();
}

// The host's ends of one run's stdin, stdout and stderr.
struct RunPipes {
    Pipe in;
    Pipe out;
    Pipe err;
};

// Feeds stdin and captures stdout and stderr until both are closed and the supervisor has
// reported, gone silent (it beats every kBeatMs; one silent for long was stopped, by its run
// in a worker, or is wedged) or outlived `hard_deadline`. A set cancel flag is passed on.
void pump(int control_fd, const SandboxRequest& request, Clock::time_point hard_deadline,
          RunPipes& pipes, ChannelOutcome& outcome) {
    RunResult& result = outcome.result;
    Capture out{&result.out, &result.out_bytes, request.limits.capture_bytes,
                request.limits.output_bytes};
    Capture err{&result.err, &result.err_bytes, request.limits.capture_bytes,
                request.limits.output_bytes};
    std::size_t stdin_written = 0;
    bool is_waiting_for_report = true;
    bool sent_cancel = false;
    auto last_heard = Clock::now();
    while (pipes.out.read_end >= 0 || pipes.err.read_end >= 0 || is_waiting_for_report) {
        pollfd fds[4] = {{pipes.out.read_end, POLLIN, 0},
                         {pipes.err.read_end, POLLIN, 0},
                         {is_waiting_for_report ? control_fd : -1, POLLIN, 0},
                         {pipes.in.write_end, POLLOUT, 0}};
        const int ready = ::poll(fds, 4, 100);
        if (ready < 0 && errno != EINTR) {
            break;
        }
        if (request.cancel != nullptr && request.cancel->load() && !sent_cancel) {
            const char cancel = kCancelMessage;
            sent_cancel = ::send(control_fd, &cancel, 1, MSG_NOSIGNAL | MSG_DONTWAIT) == 1;
        }
        if (Clock::now() > hard_deadline || Clock::now() - last_heard > kSilenceLimit) {
            break;
        }
        if (ready <= 0) {
            continue;
        }
        constexpr short kReadableOrEnded = POLLIN | POLLHUP | POLLERR;
        if ((fds[0].revents & kReadableOrEnded) && !out.drain(pipes.out.read_end)) {
            pipes.out.close_read();
        }
        if ((fds[1].revents & kReadableOrEnded) && !err.drain(pipes.err.read_end)) {
            pipes.err.close_read();
        }
        if (fds[2].revents & kReadableOrEnded) {
            SupervisorReport report;
            const ssize_t n = ::recv(control_fd, &report, sizeof report, 0);
            last_heard = Clock::now();
            if (n == sizeof report) {
                outcome.report = report;
            }
            is_waiting_for_report = n == 1;  // a beat; anything else ends the wait
        }
        if ((fds[3].revents & (POLLOUT | POLLERR | POLLHUP)) &&
            !feed(pipes.in.write_end, request.stdin_data, stdin_written)) {
            pipes.in.close_write();
        }
    }
    result.output_limit_hit = out.limit_hit || err.limit_hit;
}

}  // namespace

pid_t spawn_supervisor(const std::vector<std::string>& argv, int control_fd) {
    std::vector<char*> args;
    for (const std::string& arg : argv) {
        args.push_back(const_cast<char*>(arg.c_str()));
    }
    args.push_back(nullptr);
    char path_env[] = "PATH=/usr/local/bin:/usr/bin:/bin";
    char* envp[] = {path_env, nullptr};
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attributes);
    for (int fd = 0; fd < 3; ++fd) {
        posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY,
                                         0);
    }
    posix_spawn_file_actions_adddup2(&actions, control_fd, kControlFd);
    posix_spawn_file_actions_addclosefrom_np(&actions, kControlFd + 1);
    sigset_t none;
    sigset_t defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    pid_t pid = -1;
    const int failed = ::posix_spawn(&pid, args[0], &actions, &attributes, args.data(), envp);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    return failed == 0 ? pid : -1;
}

Result<ChannelOutcome> exchange(int control_fd, const RunPlan& plan, const SandboxRequest& request,
                                std::chrono::milliseconds grace) {
    RunPipes pipes;
    if (!pipes.in.open() || !pipes.out.open() || !pipes.err.open()) {
        return make_error(ErrorKind::Io, fmt::format("sandbox: pipe: {}", std::strerror(errno)));
    }
    const auto started = Clock::now();
    const int stdio[3] = {pipes.in.read_end, pipes.out.write_end, pipes.err.write_end};
    const bool is_sent = send_plan(control_fd, plan, stdio);
    pipes.in.close_read();
    pipes.out.close_write();
    pipes.err.close_write();
    ChannelOutcome outcome;
    if (!is_sent) {
        return outcome;
    }
    if (request.stdin_data.empty()) {
        pipes.in.close_write();
    } else {
        ::fcntl(pipes.in.write_end, F_SETFL, O_NONBLOCK);
    }
    // The supervisor may stretch the deadline for time the run waited for a CPU.
    pump(control_fd, request, started + request.limits.deadline * kMaxStretch + grace, pipes,
         outcome);
    outcome.result.wall =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
    return outcome;
}

void apply_report(const SupervisorReport& report, bool is_bwrap_status, RunResult& result) {
    result.timed_out = report.timed_out != 0;
    result.cancelled = report.cancelled != 0;
    result.peak_rss_kib = static_cast<std::uint64_t>(report.peak_rss_kib);
    if (WIFEXITED(report.wait_status)) {
        result.exit_code = WEXITSTATUS(report.wait_status);
    } else if (WIFSIGNALED(report.wait_status)) {
        result.signal = WTERMSIG(report.wait_status);
    }
    if (is_bwrap_status && result.signal == 0 && result.exit_code > 128 && result.exit_code < 160) {
        result.signal = result.exit_code - 128;
        result.exit_code = -1;
    }
}

}  // namespace rtlduet::util::detail
