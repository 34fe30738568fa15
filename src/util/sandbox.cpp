// util/sandbox.cpp: the runner's front: finds bubblewrap and the supervisor, prepares the
// work directories, and runs each request in a worker or through a supervisor of its own.
#include "util/sandbox.h"

#include <cerrno>
#include <cstring>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include "util/detail/sandbox_channel.h"
#include "util/detail/sandbox_plan.h"
#include "util/detail/uid_lease.h"
#include "util/detail/worker_pool.h"
#include "util/files.h"
#include "util/logger.h"
#include "util/resource_dir.h"
#include "util/temp_dir.h"

namespace rtlduet::util {
namespace fs = std::filesystem;
namespace {

constexpr auto kSupervisorGrace = std::chrono::seconds(10);

// As root, a uid of the run's own (util/detail/uid_lease.h), owner of its writable directories.
Result<std::optional<detail::UidLease>> lease_for(const SandboxConfig& config,
                                                  const SandboxRequest& request) {
    if (!config.drop_privileges) {
        return std::optional<detail::UidLease>();
    }
    auto lease =
        detail::UidLease::acquire(detail::uid_lock_dir(), config.first_run_uid, config.run_uids);
    if (!lease) {
        return lease.error();
    }
    for (const fs::path& dir : request.writable_dirs) {
        if (auto handed = detail::hand_over(dir, lease->uid()); !handed) {
            return handed.error();
        }
    }
    if (auto handed = detail::hand_over(request.cwd, lease->uid()); !handed) {
        return handed.error();
    }
    return std::optional<detail::UidLease>(std::move(*lease));
}

// One run through a supervisor of its own, outside any sandbox (it starts bwrap itself).
Result<detail::ChannelOutcome> run_once(const SandboxConfig& config,
                                        const SandboxRequest& request) {
    auto lease = lease_for(config, request);  // held until the run and its processes are gone
    if (!lease) {
        return lease.error();
    }
    auto plan = detail::make_plan(config, request, false, *lease ? (*lease)->uid() : ::geteuid());
    if (!plan) {
        return plan.error();
    }
    if (!config.bwrap.empty() && detail::needs_null_stand_in()) {
        if (auto made = write_file(request.cwd / detail::kNullStandIn, ""); !made) {
            return made.error();
        }
    }
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0) {
        return make_error(ErrorKind::Io,
                          fmt::format("sandbox: socketpair: {}", std::strerror(errno)));
    }
    const pid_t supervisor = detail::spawn_supervisor(
        {config.supervisor.string(), "serve", "--once", std::to_string(::getpid())}, pair[1]);
    ::close(pair[1]);
    if (supervisor < 0) {
        ::close(pair[0]);
        return make_error(
            ErrorKind::Tool,
            fmt::format("cannot start {}: {}", config.supervisor.string(), std::strerror(errno)));
    }
    auto outcome = detail::exchange(pair[0], *plan, request, kSupervisorGrace);
    if (!outcome || !outcome->report) {
        ::kill(supervisor, SIGKILL);
    }
    ::close(pair[0]);
    ::waitpid(supervisor, nullptr, 0);
    return outcome;
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

Sandbox::Sandbox(SandboxConfig config) : config_(std::move(config)) {
    if (!config_.bwrap.empty() && !config_.supervisor.empty()) {
        pool_ = std::make_shared<detail::WorkerPool>(config_);
    }
}

fs::path Sandbox::find_supervisor() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    std::vector<fs::path> candidates = {
        exe.parent_path().parent_path() / "libexec" / "rtlduet" / "rtlduet-sandbox",
        exe.parent_path() / "rtlduet-sandbox"};
    if (is_in_build_tree(exe)) {
        candidates.emplace_back(RTLDUET_SUPERVISOR_PATH);  // test binaries live elsewhere
    }
    for (const fs::path& candidate : candidates) {
        if (::access(candidate.c_str(), X_OK) == 0) {
            return candidate;
        }
    }
    return {};
}

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

Sandbox Sandbox::detect(const fs::path& bwrap_hint, std::string* why_not,
                        std::string_view path_env) {
    SandboxConfig config;
    if (!path_env.empty()) {
        config.path_env = std::string(path_env);
    }
    config.drop_privileges = ::geteuid() == 0;
    config.supervisor = find_supervisor();
    const fs::path bwrap = bwrap_hint.empty() ? find_program("bwrap", config.path_env) : bwrap_hint;
    if (bwrap.empty()) {
        if (why_not != nullptr) {
            *why_not = "bwrap not found (install the bubblewrap package)";
        }
        return Sandbox(config);
    }
    config.bwrap = bwrap;
    Sandbox candidate(config);
    if (candidate.pool_) {
        candidate.pool_->prestart(2);  // the probe's and a spare, started side by side
    }
    auto probe_dir = TempDir::create("rtlduet-probe-");
    if (probe_dir) {
        // One process, shell builtins only: it writes into its work directory and reads back.
        SandboxRequest probe{
            .argv = {"/bin/sh", "-c", "echo ok > probe && read -r line < probe && echo \"$line\""},
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
    std::optional<detail::WorkerPool::Hold> hold;
    if (pool_) {
        hold.emplace(*pool_, detail::WorkerPool::key_of(request.cwd));
    }
    std::error_code ec;
    if (!fs::is_directory(request.cwd, ec)) {
        return make_error(
            ErrorKind::Internal,
            fmt::format("sandbox: work directory {} does not exist", request.cwd.string()));
    }
    if (config_.supervisor.empty()) {
        return make_error(ErrorKind::Tool,
                          "rtlduet-sandbox (the sandbox supervisor) is not installed next to "
                          "rtlduet or in ../libexec/rtlduet");
    }
    std::optional<Result<detail::ChannelOutcome>> outcome;
    if (pool_) {
        outcome = pool_->run(request);
    }
    const bool is_bwrap_status = !outcome && isolation() == Isolation::Bubblewrap;
    if (!outcome) {
        outcome = run_once(config_, request);
    }
    if (!*outcome) {
        return outcome->error();
    }
    detail::ChannelOutcome& done = **outcome;
    if (!done.report) {
        return make_error(ErrorKind::Internal, "sandbox: the supervisor ended without a report");
    }
    if (done.report->exec_failed_errno != 0) {
        return make_error(ErrorKind::Tool,
                          fmt::format("cannot run {}: {}", request.argv[0],
                                      std::strerror(done.report->exec_failed_errno)));
    }
    detail::apply_report(*done.report, is_bwrap_status, done.result);
    return std::move(done.result);
}

}  // namespace rtlduet::util
