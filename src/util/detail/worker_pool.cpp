// util/detail/worker_pool.cpp: starting, lending and retiring workers, and one run in one.
#include "util/detail/worker_pool.h"

#include <cctype>
#include <cerrno>
#include <future>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include "util/detail/sandbox_channel.h"
#include "util/detail/sandbox_plan.h"
#include "util/files.h"
#include "util/temp_dir.h"

namespace rtlduet::util::detail {
namespace fs = std::filesystem;
namespace {

constexpr std::size_t kMaxIdleWorkers = 16;
constexpr int kHelloTimeoutMs = 10'000;
// A worker reports within moments of the deadline; one that does not is stopped (or stopped
// by its run) and is replaced, and the run is retried on its own.
constexpr std::chrono::milliseconds kWorkerGrace{2'000};

// Replaces `from` where it stands as a whole path or a path prefix inside `text` (not where
// it is the start of a longer name).
void replace_path(std::string& text, const std::string& from, const std::string& to) {
    std::size_t at = text.find(from);
    while (at != std::string::npos) {
        const std::size_t end = at + from.size();
        const unsigned char next = end < text.size() ? text[end] : '/';
        const bool is_whole = !std::isalnum(next) && next != '_' && next != '-' && next != '.';
        if (is_whole) {
            text.replace(at, from.size(), to);
        }
        at = text.find(from, is_whole ? at + to.size() : at + 1);
    }
}

// Removes the worker directories of rtlduet processes that are gone (killed before cleanup).
void sweep_stale(const fs::path& parent) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(parent, ec)) {
        const std::string name = entry.path().filename().string();
        if (!name.starts_with("workers-")) {
            continue;
        }
        const long pid = std::strtol(name.c_str() + 8, nullptr, 10);
        if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) {
            fs::remove_all(entry.path(), ec);
        }
    }
}

}  // namespace

WorkerPool::WorkerPool(SandboxConfig config) : config_(std::move(config)) {
    const fs::path parent = private_temp_root();
    // A pool of its own per sandbox: a process may make several (tests do), and each pool
    // numbers its workers from 0 and removes its directory when it goes.
    static std::atomic<unsigned> pools{0};
    base_ = parent / fmt::format("workers-{}-{}", ::getpid(), pools++);
    struct stat info {};
    is_broken_ = parent.empty() || ::stat(parent.c_str(), &info) != 0;
    device_ = info.st_dev;
    if (!is_broken_) {
        sweep_stale(parent);
    }
}

WorkerPool::~WorkerPool() {
    for (auto& starter : starters_) {
        starter.join();  // before the keeper goes: a starting worker is spawned by it
    }
    for (auto& worker : idle_) {
        stop(*worker, true);
    }
    {
        const std::lock_guard lock(keeper_mutex_);
        is_closing_ = true;
    }
    keeper_wakeup_.notify_all();
    if (keeper_.joinable()) {
        keeper_.join();
    }
    std::error_code ec;
    fs::remove_all(base_, ec);
}

void WorkerPool::stop(Worker& worker, bool is_graceful) {
    if (worker.control >= 0) {
        ::close(worker.control);  // an idle worker exits on its own (its CPU time is counted)
        worker.control = -1;
    }
    for (int waited_ms = 0; is_graceful && worker.pid > 0 && waited_ms < 1000; ++waited_ms) {
        if (::waitpid(worker.pid, nullptr, WNOHANG) == worker.pid) {
            worker.pid = -1;
            break;
        }
        ::usleep(1000);
    }
    if (worker.pid > 0) {
        ::kill(worker.pid, SIGKILL);  // its bwrap and that one's pid namespace go with it
        ::waitpid(worker.pid, nullptr, 0);
        worker.pid = -1;
    }
    std::error_code ec;
    fs::remove_all(worker.root, ec);
    fs::remove(fs::path(worker.root.string() + kNullStandIn), ec);
}

pid_t WorkerPool::spawn_on_keeper(const std::vector<std::string>& argv, int control_fd) {
    std::packaged_task<pid_t()> job([&] { return spawn_supervisor(argv, control_fd); });
    auto pid = job.get_future();
    {
        const std::lock_guard lock(keeper_mutex_);
        if (!keeper_.joinable()) {
            keeper_ = std::thread([this] {
                std::unique_lock lock(keeper_mutex_);
                while (!is_closing_) {
                    keeper_wakeup_.wait(lock, [&] { return is_closing_ || !keeper_jobs_.empty(); });
                    while (!keeper_jobs_.empty()) {
                        auto next = std::move(keeper_jobs_.front());
                        keeper_jobs_.pop_front();
                        next();
                    }
                }
            });
        }
        keeper_jobs_.emplace_back([&job] { job(); });
    }
    keeper_wakeup_.notify_all();
    return pid.get();
}

std::unique_ptr<WorkerPool::Worker> WorkerPool::start() {
    ::mkdir(base_.c_str(), 0755);
    auto worker = std::make_unique<Worker>();
    {
        const std::lock_guard lock(mutex_);
        worker->root = base_ / fmt::format("w{}", started_++);
    }
    if (config_.drop_privileges) {
        auto leased = UidLease::acquire(uid_lock_dir(), config_.first_run_uid, config_.run_uids);
        if (!leased) {
            return nullptr;
        }
        worker->lease.emplace(std::move(*leased));
    }
    fs::path stand_in;
    if (::mkdir(worker->root.c_str(), 0755) != 0) {
        return nullptr;
    }
    if (needs_null_stand_in()) {
        stand_in = worker->root.string() + kNullStandIn;
        if (!write_file(stand_in, "") || (worker->lease && !hand_over(stand_in, worker->uid()))) {
            return nullptr;
        }
    }
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0) {
        return nullptr;
    }
    // Through `launch` even without a uid to drop to: it reaps what bwrap leaves behind, so
    // the CPU time of the worker's runs is counted as rtlduet's (supervisor_main.cpp).
    const std::string uid = std::to_string(worker->lease ? worker->uid() : ::getuid());
    const std::string gid = std::to_string(worker->lease ? worker->uid() : ::getgid());
    std::vector<std::string> argv = {config_.supervisor.string(), "launch", uid, gid};
    const auto prefix =
        bwrap_prefix(config_, {config_.supervisor.parent_path()}, {worker->root}, stand_in, "/");
    argv.insert(argv.end(), prefix.begin(), prefix.end());
    argv.insert(argv.end(), {config_.supervisor.string(), "serve", "--worker"});
    worker->pid = spawn_on_keeper(argv, pair[1]);
    ::close(pair[1]);
    worker->control = pair[0];
    pollfd hello{worker->control, POLLIN, 0};
    char greeting = 0;
    if (worker->pid <= 0 || ::poll(&hello, 1, kHelloTimeoutMs) != 1 ||
        ::recv(worker->control, &greeting, 1, 0) != 1 || greeting != kHelloMessage) {
        stop(*worker);
        return nullptr;
    }
    return worker;
}

void WorkerPool::prestart(std::size_t count) {
    const std::lock_guard lock(mutex_);
    if (is_broken_) {
        return;
    }
    for (std::size_t i = 0; i < count; ++i) {
        ++starting_;
        starters_.emplace_back([this] {
            auto worker = start();
            {
                const std::lock_guard guard(mutex_);
                --starting_;
                if (worker) {
                    idle_.push_back(std::move(worker));
                } else {
                    is_broken_ = true;
                }
            }
            ready_.notify_all();
        });
    }
}

std::unique_ptr<WorkerPool::Worker> WorkerPool::acquire(bool is_python) {
    {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [&] { return !idle_.empty() || starting_ == 0; });
        while (!idle_.empty()) {
            // Python runs gather on a few workers: each worker runs Python cold until its
            // warm interpreter is up, and an eval spread over a dozen workers paid that
            // start a dozen times.
            auto chosen = idle_.end() - 1;  // among equals, the one idle the shortest
            for (auto it = idle_.begin(); it != idle_.end(); ++it) {
                const int runs = (*it)->python_runs;
                if (is_python ? runs > (*chosen)->python_runs : runs < (*chosen)->python_runs) {
                    chosen = it;
                }
            }
            auto worker = std::move(*chosen);
            idle_.erase(chosen);
            if (::waitpid(worker->pid, nullptr, WNOHANG) == 0) {
                return worker;
            }
            worker->pid = -1;  // it ended while idle (reaped just now)
            stop(*worker);
        }
        if (is_broken_) {
            return nullptr;
        }
    }
    auto worker = start();
    if (!worker) {
        const std::lock_guard lock(mutex_);
        is_broken_ = true;
    }
    return worker;
}

void WorkerPool::release(std::unique_ptr<Worker> worker) {
    std::error_code ec;
    for (const auto& left : fs::directory_iterator(worker->root, ec)) {
        fs::remove_all(left.path(), ec);  // written by a run when the sandbox uid is ours
    }
    const std::lock_guard lock(mutex_);
    if (idle_.size() >= kMaxIdleWorkers) {
        stop(*worker, true);
        return;
    }
    idle_.push_back(std::move(worker));
}

WorkerPool::Hold::Hold(WorkerPool& pool, std::string dir) : pool_(pool), dir_(std::move(dir)) {
    std::unique_lock lock(pool_.mutex_);
    pool_.dir_back_.wait(lock, [&] { return !pool_.dirs_[dir_].is_away; });
    ++pool_.dirs_[dir_].runs;
}

WorkerPool::Hold::~Hold() {
    const std::lock_guard lock(pool_.mutex_);
    if (--pool_.dirs_[dir_].runs == 0) {
        pool_.dirs_.erase(dir_);
    }
}

std::string WorkerPool::key_of(const fs::path& dir) {
    return fs::absolute(dir).lexically_normal().string();
}

// Moves the directory away for a worker's run when no other run of ours is using it.
bool WorkerPool::take_away(const std::string& outside, const std::string& inside) {
    const std::lock_guard lock(mutex_);
    DirUse& use = dirs_[outside];
    if (use.runs != 1 || ::rename(outside.c_str(), inside.c_str()) != 0) {
        return false;
    }
    use.is_away = true;
    return true;
}

bool WorkerPool::bring_back(const std::string& outside, const std::string& inside) {
    const bool is_back = ::rename(inside.c_str(), outside.c_str()) == 0;
    {
        const std::lock_guard lock(mutex_);
        dirs_[outside].is_away = false;
    }
    dir_back_.notify_all();
    return is_back;
}

std::optional<Result<ChannelOutcome>> WorkerPool::run(const SandboxRequest& request) {
    struct stat info {};
    if (is_broken_ || !request.writable_dirs.empty() || !request.readable_dirs.empty() ||
        ::lstat(request.cwd.c_str(), &info) != 0 || info.st_dev != device_) {
        return std::nullopt;
    }
    auto worker = acquire(request.is_python_main);
    if (!worker) {
        return std::nullopt;
    }
    if (worker->lease) {
        if (auto handed = hand_over(request.cwd, worker->uid()); !handed) {
            release(std::move(worker));
            return Result<ChannelOutcome>(handed.error());
        }
    }
    const std::string outside = key_of(request.cwd);
    const std::string inside = (worker->root / "run").string();
    if (!take_away(outside, inside)) {
        release(std::move(worker));
        return std::nullopt;
    }
    SandboxRequest moved = request;
    moved.cwd = inside;
    for (std::string& arg : moved.argv) {
        replace_path(arg, outside, inside);
    }
    for (std::string& entry : moved.env) {
        replace_path(entry, outside, inside);
    }
    worker->python_runs += request.is_python_main ? 1 : 0;
    auto plan = make_plan(config_, moved, true, worker->uid());
    auto outcome = plan ? exchange(worker->control, *plan, moved, kWorkerGrace)
                        : Result<ChannelOutcome>(plan.error());
    if (!bring_back(outside, inside)) {
        stop(*worker);
        return make_error(ErrorKind::Io,
                          fmt::format("sandbox: cannot move {} back to {}", inside, outside));
    }
    if (!outcome || !outcome->report) {
        stop(*worker);
        return outcome ? std::nullopt : std::optional<Result<ChannelOutcome>>(outcome);
    }
    release(std::move(worker));
    replace_path(outcome->result.out, inside, outside);
    replace_path(outcome->result.err, inside, outside);
    return outcome;
}

}  // namespace rtlduet::util::detail
