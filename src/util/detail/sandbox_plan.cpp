// util/detail/sandbox_plan.cpp: argv, environment and limits of one sandboxed run.
#include "util/detail/sandbox_plan.h"

#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "util/detail/uid_lease.h"

namespace rtlduet::util::detail {
namespace fs = std::filesystem;
namespace {

std::vector<LimitSetting> limits_for(const SandboxLimits& limits, std::uint64_t running,
                                     bool is_bubblewrap) {
    // bwrap itself needs a few processes on top of the program's own.
    const rlim_t extra_processes = is_bubblewrap ? 4 : 0;
    const std::uint64_t cpu = std::max<std::uint64_t>(
        1, std::min<std::uint64_t>(limits.cpu_seconds,
                                   static_cast<std::uint64_t>(limits.deadline.count() / 1000 + 2)));
    return {{RLIMIT_CPU, cpu},
            {RLIMIT_AS, limits.address_space_bytes},
            {RLIMIT_FSIZE, limits.file_size_bytes},
            {RLIMIT_NPROC, running + limits.processes + extra_processes},
            {RLIMIT_NOFILE, limits.open_files},
            {RLIMIT_MSGQUEUE, 0},  // POSIX queues would outlive the run in a worker
            {RLIMIT_CORE, 0}};
}

std::vector<std::string> clean_environment(const SandboxConfig& config,
                                           const SandboxRequest& request) {
    std::vector<std::string> env = {"PATH=" + config.path_env, "HOME=" + request.cwd.string(),
                                    "LANG=C", "LC_ALL=C", "TMPDIR=/tmp"};
    for (const std::string& entry : request.env) {
        const std::string key = entry.substr(0, entry.find('=') + 1);
        std::erase_if(env, [&](const std::string& base) { return base.starts_with(key); });
        env.push_back(entry);
    }
    return env;
}

}  // namespace

bool needs_null_stand_in() {
    // Some hosts ship a /dev/null that only root may write; tools (verilator, make) write to
    // it, so the sandbox gets an empty file of its own in its place.
    struct stat null_info {};
    return ::stat("/dev/null", &null_info) == 0 && (null_info.st_mode & S_IWOTH) == 0;
}

std::vector<std::string> bwrap_prefix(const SandboxConfig& config,
                                      const std::vector<fs::path>& readable,
                                      const std::vector<fs::path>& writable,
                                      const fs::path& null_stand_in, const fs::path& chdir) {
    std::vector<std::string> args = {config.bwrap.string(),
                                     "--unshare-all",
                                     "--die-with-parent",
                                     "--new-session",
                                     "--ro-bind",
                                     "/",
                                     "/",
                                     "--dev",
                                     "/dev",
                                     "--proc",
                                     "/proc",
                                     "--tmpfs",
                                     "/tmp"};
    if (!null_stand_in.empty()) {
        args.insert(args.end(), {"--bind", null_stand_in.string(), "/dev/null"});
    }
    for (const char* hidden : {"/home", "/root"}) {
        std::error_code ec;
        if (fs::is_directory(hidden, ec)) {
            args.insert(args.end(), {"--tmpfs", hidden});
        }
    }
    for (const fs::path& dir : readable) {
        args.insert(args.end(), {"--ro-bind", dir.string(), dir.string()});
    }
    for (const fs::path& dir : writable) {
        args.insert(args.end(), {"--bind", dir.string(), dir.string()});
    }
    args.insert(args.end(), {"--chdir", chdir.string(), "--"});
    return args;
}

Status hand_over(const fs::path& dir, uid_t uid) {
    std::error_code ec;
    if (::lchown(dir.c_str(), uid, uid) != 0) {
        return make_error(ErrorKind::Io, fmt::format("sandbox: cannot hand {} to uid {}: {}",
                                                     dir.string(), uid, std::strerror(errno)));
    }
    for (auto it = fs::recursive_directory_iterator(dir, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (::lchown(it->path().c_str(), uid, uid) != 0) {
            continue;  // best effort below the top: the run reports what it cannot write
        }
    }
    // Every ancestor must be traversable by the sandbox uid.
    for (fs::path up = dir.parent_path(); !up.empty() && up != up.root_path();
         up = up.parent_path()) {
        struct stat info {};
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

Result<RunPlan> make_plan(const SandboxConfig& config, const SandboxRequest& request,
                          bool is_in_worker, uid_t run_uid) {
    const fs::path target = find_program(request.argv[0], config.path_env);
    if (target.empty()) {
        return make_error(ErrorKind::Tool, fmt::format("{}: program not found", request.argv[0]));
    }
    const bool is_bubblewrap = !config.bwrap.empty() && !is_in_worker;
    RunPlan plan{.program = target.string(),
                 .argv = request.argv,
                 .envp = clean_environment(config, request),
                 .cwd = request.cwd.string(),
                 .drop_privileges = config.drop_privileges && !is_in_worker,
                 .uid = run_uid,
                 .gid = run_uid,
                 .no_new_privs = !is_bubblewrap,
                 .python_main = request.is_python_main,
                 .deadline_ms = request.limits.deadline.count()};
    plan.argv[0] = plan.program;
    if (is_bubblewrap) {
        const fs::path stand_in = needs_null_stand_in() ? request.cwd / kNullStandIn : fs::path();
        std::vector<fs::path> writable = {request.cwd};
        writable.insert(writable.end(), request.writable_dirs.begin(), request.writable_dirs.end());
        std::vector<std::string> wrapped =
            bwrap_prefix(config, request.readable_dirs, writable, stand_in, request.cwd);
        wrapped.insert(wrapped.end(), plan.argv.begin(), plan.argv.end());
        plan.argv = std::move(wrapped);
        plan.program = config.bwrap.string();
    }
    // A leased uid runs nothing else, so the budget is the run's own. Without root the limit
    // counts every process of the user's uid. A worker's sandbox has a user namespace of its
    // own, where the kernel counts only its processes: the worker adds that count itself
    // (serve in supervisor_main.cpp).
    const bool is_counted_here = !is_in_worker && !config.drop_privileges;
    const std::uint64_t running = is_counted_here ? count_processes_of(::geteuid()) : 0;
    plan.limits = limits_for(request.limits, running, is_bubblewrap);
    return plan;
}

}  // namespace rtlduet::util::detail
