// util/sandbox.cpp: parent side of the sandboxed runner: prepares the child plan (argv,
// clean environment, limits, bubblewrap wrapping), forks the supervisor and captures output.
#include "util/sandbox.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "util/detail/supervisor.h"
#include "util/detail/uid_lease.h"
#include "util/files.h"
#include "util/logger.h"
#include "util/temp_dir.h"

namespace rtlduet::util {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kSupervisorGrace = std::chrono::seconds(10);
constexpr const char* kNullStandIn = ".rtlduet-null";

// Root-owned and private: where runs lease their uids (util/detail/uid_lease.h).
const char* uid_lock_dir() {
    std::error_code ec;
    return fs::is_directory("/run", ec) ? "/run/rtlduet-uids" : "/tmp/rtlduet-uids";
}

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
            text->append(buffer, std::min<std::size_t>(static_cast<std::size_t>(n),
                                                       keep - text->size()));
        }
        if (*total > limit) {
            limit_hit = true;
            return false;
        }
        return true;
    }
};

std::vector<std::string> bwrap_prefix(const SandboxConfig& config, const SandboxRequest& request) {
    std::vector<std::string> args = {config.bwrap.string(), "--unshare-all", "--die-with-parent",
                                     "--new-session", "--ro-bind", "/", "/", "--dev", "/dev",
                                     "--proc", "/proc", "--tmpfs", "/tmp"};
    // Some hosts ship a /dev/null that only root may write; tools (verilator, make) write to
    // it, so the sandbox gets an empty file of its own in its place.
    struct stat null_info{};
    if (::stat("/dev/null", &null_info) == 0 && (null_info.st_mode & S_IWOTH) == 0) {
        const std::string stand_in = (request.cwd / kNullStandIn).string();
        args.insert(args.end(), {"--bind", stand_in, "/dev/null"});
    }
    for (const char* hidden : {"/home", "/root"}) {
        std::error_code ec;
        if (fs::is_directory(hidden, ec)) {
            args.insert(args.end(), {"--tmpfs", hidden});
        }
    }
    for (const fs::path& dir : request.readable_dirs) {
        args.insert(args.end(), {"--ro-bind", dir.string(), dir.string()});
    }
    args.insert(args.end(), {"--bind", request.cwd.string(), request.cwd.string()});
    for (const fs::path& dir : request.writable_dirs) {
        args.insert(args.end(), {"--bind", dir.string(), dir.string()});
    }
    args.insert(args.end(), {"--chdir", request.cwd.string(), "--"});
    return args;
}

// Gives the run's uid ownership of the writable directories (when rtlduet runs as root).
Status hand_over(const fs::path& dir, uid_t uid) {
    std::error_code ec;
    auto give = [&](const fs::path& path) { return ::lchown(path.c_str(), uid, uid) == 0; };
    if (!give(dir)) {
        return make_error(ErrorKind::Io, fmt::format("sandbox: cannot hand {} to uid {}: {}",
                                                     dir.string(), uid,
                                                     std::strerror(errno)));
    }
    for (auto it = fs::recursive_directory_iterator(dir, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        give(it->path());
    }
    // Every ancestor must be traversable by the sandbox uid.
    for (fs::path up = dir.parent_path(); !up.empty() && up != up.root_path();
         up = up.parent_path()) {
        struct stat info{};
        if (::stat(up.c_str(), &info) == 0 && (info.st_mode & S_IXOTH) == 0) {
            return make_error(ErrorKind::Io,
                              fmt::format("sandbox: work directory {} is inside {}, which the "
                                          "sandbox uid cannot enter; use a work directory under "
                                          "/tmp",
                                          dir.string(), up.string()));
        }
    }
    return {};
}

std::vector<detail::LimitSetting> limits_for(const SandboxLimits& limits, bool is_bubblewrap) {
    // bwrap itself needs a few processes and descriptors on top of the program's own.
    const rlim_t extra_processes = is_bubblewrap ? 4 : 0;
    const std::uint64_t cpu = std::max<std::uint64_t>(
        1, std::min<std::uint64_t>(limits.cpu_seconds,
                                   static_cast<std::uint64_t>(limits.deadline.count() / 1000 + 2)));
    return {{RLIMIT_CPU, cpu},
            {RLIMIT_AS, limits.address_space_bytes},
            {RLIMIT_FSIZE, limits.file_size_bytes},
            {RLIMIT_NPROC, limits.processes + extra_processes},
            {RLIMIT_NOFILE, limits.open_files},
            {RLIMIT_CORE, 0}};
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
    std::vector<char*> pointers;
    pointers.reserve(strings.size() + 1);
    for (std::string& s : strings) {
        pointers.push_back(s.data());
    }
    pointers.push_back(nullptr);
    return pointers;
}

}  // namespace

std::string RunResult::describe_end() const {
    if (cancelled) {
        return "cancelled";
    }
    if (timed_out) {
        return fmt::format("timed out after {} ms", wall.count());
    }
    if (signal != 0) {
        return fmt::format("killed by signal {} ({})", signal, ::strsignal(signal));
    }
    return fmt::format("exit {}", exit_code);
}

fs::path find_program(std::string_view name, std::string_view path_list) {
    if (name.find('/') != std::string_view::npos) {
        return ::access(std::string(name).c_str(), X_OK) == 0 ? fs::path(name) : fs::path();
    }
    std::size_t start = 0;
    while (start <= path_list.size()) {
        const std::size_t end = std::min(path_list.find(':', start), path_list.size());
        const std::string_view dir = path_list.substr(start, end - start);
        if (!dir.empty()) {
            const fs::path candidate = fs::path(dir) / name;
            if (::access(candidate.c_str(), X_OK) == 0 && !fs::is_directory(candidate)) {
                return candidate;
            }
        }
        start = end + 1;
    }
    return {};
}

Sandbox::Sandbox(SandboxConfig config) : config_(std::move(config)) {}

Isolation Sandbox::isolation() const {
    return config_.bwrap.empty() ? Isolation::RlimitsOnly : Isolation::Bubblewrap;
}

std::string Sandbox::describe() const {
    const std::string identity =
        config_.drop_privileges ? std::string(", each run as a uid of its own") : "";
    if (isolation() == Isolation::Bubblewrap) {
        return fmt::format("bubblewrap ({}): no network, read-only host, private /tmp and pids{}",
                           config_.bwrap.string(), identity);
    }
    return fmt::format("rlimits only (no bubblewrap): network and host files reachable{}",
                       identity);
}

Sandbox Sandbox::detect(const fs::path& bwrap_hint, std::string* why_not) {
    SandboxConfig config;
    config.drop_privileges = ::geteuid() == 0;
    const fs::path bwrap = bwrap_hint.empty() ? find_program("bwrap", config.path_env) : bwrap_hint;
    if (bwrap.empty()) {
        if (why_not != nullptr) {
            *why_not = "bwrap not found (install the bubblewrap package)";
        }
        return Sandbox(config);
    }
    config.bwrap = bwrap;
    Sandbox candidate(config);
    auto probe_dir = TempDir::create("rtlduet-probe-");
    if (probe_dir) {
        SandboxRequest probe{.argv = {"/bin/sh", "-c", "echo ok > probe && cat probe"},
                             .cwd = probe_dir->path()};
        probe.limits.deadline = std::chrono::milliseconds(10'000);
        auto result = candidate.run(probe);
        if (result && result->succeeded() && result->out == "ok\n") {
            return candidate;
        }
        if (why_not != nullptr) {
            *why_not = result ? fmt::format("bwrap probe failed ({}): {}", result->describe_end(),
                                            truncate_for_log(result->err, 200))
                              : result.error().message;
        }
    }
    config.bwrap.clear();
    return Sandbox(config);
}

Result<RunResult> Sandbox::run(const SandboxRequest& request) const {
    if (request.argv.empty()) {
        return make_error(ErrorKind::Internal, "sandbox: empty argv");
    }
    std::error_code ec;
    if (!fs::is_directory(request.cwd, ec)) {
        return make_error(ErrorKind::Internal,
                          fmt::format("sandbox: work directory {} does not exist",
                                      request.cwd.string()));
    }
    const bool is_bubblewrap = isolation() == Isolation::Bubblewrap;
    const fs::path target = find_program(request.argv[0], config_.path_env);
    if (target.empty()) {
        return make_error(ErrorKind::Tool, fmt::format("{}: program not found", request.argv[0]));
    }
    std::vector<std::string> argv = request.argv;
    argv[0] = target.string();
    if (is_bubblewrap) {
        std::vector<std::string> wrapped = bwrap_prefix(config_, request);
        wrapped.insert(wrapped.end(), argv.begin(), argv.end());
        argv = std::move(wrapped);
    }
    const fs::path program = is_bubblewrap ? config_.bwrap : target;
    if (is_bubblewrap) {
        if (auto made = write_file(request.cwd / kNullStandIn, ""); !made) {
            return made.error();
        }
    }
    std::optional<detail::UidLease> lease;
    if (config_.drop_privileges) {
        auto leased = detail::UidLease::acquire(uid_lock_dir(), config_.first_run_uid,
                                                config_.run_uids);
        if (!leased) {
            return leased.error();
        }
        lease.emplace(std::move(*leased));
        for (const fs::path& dir : request.writable_dirs) {
            if (auto handed = hand_over(dir, lease->uid()); !handed) {
                return handed.error();
            }
        }
        if (auto handed = hand_over(request.cwd, lease->uid()); !handed) {
            return handed.error();
        }
    }
    std::vector<std::string> env = {"PATH=" + config_.path_env, "HOME=" + request.cwd.string(),
                                    "LANG=C", "LC_ALL=C", "TMPDIR=/tmp"};
    for (const std::string& entry : request.env) {
        const std::string key = entry.substr(0, entry.find('=') + 1);
        std::erase_if(env, [&](const std::string& base) { return base.starts_with(key); });
        env.push_back(entry);
    }

    SandboxLimits limits = request.limits;
    if (!lease) {  // the limit counts every process of the user's own uid
        limits.processes += detail::count_processes_of(::geteuid());
    }

    Pipe in;
    Pipe out;
    Pipe err;
    Pipe status;
    if (!in.open() || !out.open() || !err.open() || !status.open()) {
        return make_error(ErrorKind::Io, fmt::format("sandbox: pipe: {}", std::strerror(errno)));
    }
    const std::string program_text = program.string();
    const std::string cwd_text = request.cwd.string();
    detail::ChildPlan plan;
    plan.program = program_text.c_str();
    plan.argv = c_strings(argv);
    plan.envp = c_strings(env);
    plan.cwd = cwd_text.c_str();
    plan.stdin_fd = in.read_end;
    plan.stdout_fd = out.write_end;
    plan.stderr_fd = err.write_end;
    plan.limits = limits_for(limits, is_bubblewrap);
    plan.drop_privileges = config_.drop_privileges;
    plan.uid = lease ? lease->uid() : ::geteuid();
    plan.gid = lease ? lease->uid() : ::getegid();
    plan.no_new_privs = !is_bubblewrap;
    plan.deadline_ms = request.limits.deadline.count();
    plan.status_fd = status.write_end;
    plan.parent_pid = ::getpid();

    const auto started = Clock::now();
    const pid_t supervisor = ::fork();
    if (supervisor < 0) {
        return make_error(ErrorKind::Io, fmt::format("sandbox: fork: {}", std::strerror(errno)));
    }
    if (supervisor == 0) {
        detail::run_supervisor(plan);
    }
    in.close_read();
    out.close_write();
    err.close_write();
    status.close_write();

    RunResult result;
    Capture out_capture{&result.out, &result.out_bytes, request.limits.capture_bytes,
                        request.limits.output_bytes};
    Capture err_capture{&result.err, &result.err_bytes, request.limits.capture_bytes,
                        request.limits.output_bytes};
    std::size_t stdin_written = 0;
    if (request.stdin_data.empty()) {
        in.close_write();
    } else {
        ::fcntl(in.write_end, F_SETFL, O_NONBLOCK);
    }
    detail::SupervisorReport report;
    bool has_report = false;
    bool sent_cancel = false;
    const auto hard_deadline = started + request.limits.deadline + kSupervisorGrace;
    while (out.read_end >= 0 || err.read_end >= 0 || status.read_end >= 0) {
        pollfd fds[4] = {{out.read_end, POLLIN, 0},
                         {err.read_end, POLLIN, 0},
                         {status.read_end, POLLIN, 0},
                         {in.write_end, POLLOUT, 0}};
        const int ready = ::poll(fds, 4, 100);
        if (ready < 0 && errno != EINTR) {
            break;
        }
        if (request.cancel != nullptr && request.cancel->load() && !sent_cancel) {
            ::kill(supervisor, SIGTERM);
            sent_cancel = true;
        }
        if (Clock::now() > hard_deadline) {
            ::kill(supervisor, SIGKILL);
            break;
        }
        if (ready <= 0) {
            continue;
        }
        if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) && !out_capture.drain(out.read_end)) {
            out.close_read();
        }
        if ((fds[1].revents & (POLLIN | POLLHUP | POLLERR)) && !err_capture.drain(err.read_end)) {
            err.close_read();
        }
        if (fds[2].revents & (POLLIN | POLLHUP | POLLERR)) {
            if (::read(status.read_end, &report, sizeof report) == sizeof report) {
                has_report = true;
            }
            status.close_read();
        }
        if (fds[3].revents & (POLLOUT | POLLERR | POLLHUP)) {
            const ssize_t n = ::write(in.write_end, request.stdin_data.data() + stdin_written,
                                      request.stdin_data.size() - stdin_written);
            if (n > 0) {
                stdin_written += static_cast<std::size_t>(n);
            }
            if (n < 0 || stdin_written == request.stdin_data.size()) {
                in.close_write();
            }
        }
    }
    in.close_write();
    int supervisor_status = 0;
    ::waitpid(supervisor, &supervisor_status, 0);
    result.wall = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
    result.output_limit_hit = out_capture.limit_hit || err_capture.limit_hit;
    if (!has_report) {
        return make_error(ErrorKind::Internal, "sandbox: the supervisor ended without a report");
    }
    if (report.exec_failed_errno != 0) {
        return make_error(ErrorKind::Tool, fmt::format("cannot run {}: {}", request.argv[0],
                                                       std::strerror(report.exec_failed_errno)));
    }
    result.timed_out = report.timed_out != 0;
    result.cancelled = report.cancelled != 0;
    result.peak_rss_kib = static_cast<std::uint64_t>(report.peak_rss_kib);
    if (WIFEXITED(report.wait_status)) {
        result.exit_code = WEXITSTATUS(report.wait_status);
    } else if (WIFSIGNALED(report.wait_status)) {
        result.signal = WTERMSIG(report.wait_status);
    }
    // bwrap reports a child killed by signal N as exit status 128 + N.
    if (is_bubblewrap && result.signal == 0 && result.exit_code > 128 && result.exit_code < 160) {
        result.signal = result.exit_code - 128;
        result.exit_code = -1;
    }
    return result;
}

}  // namespace rtlduet::util
