// util/detail/worker_pool.h: persistent sandboxed workers. A worker is one bubblewrap
// sandbox (no network, read-only host, private /tmp, IPC and pid space) holding a supervisor
// that serves runs one after another. A run's work directory is moved into the worker's own
// directory for the run and back after it; between runs the supervisor has killed every
// process of the run and swept what the run could leave in the sandbox (docs/security.md).
// As root, each worker holds a uid lease for its life: it serves one run at a time, so each
// run still has a uid no concurrent run shares.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sys/types.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include "util/detail/sandbox_channel.h"
#include "util/detail/uid_lease.h"
#include "util/sandbox.h"

namespace rtlduet::util::detail {

class WorkerPool {
public:
    explicit WorkerPool(SandboxConfig config);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    /// Runs `request` in a worker (its exit status is the program's own). nullopt when no worker
    /// can take it (another file system, extra directories, no worker could start) or the worker
    /// died or hung during the run: then the caller runs it on its own, so a dead worker never
    /// decides a verdict.
    std::optional<Result<ChannelOutcome>> run(const SandboxRequest& request);

    /// Starts `count` workers now, side by side, in the background; a run that finds no idle
    /// worker takes the next of them that is ready. A process that runs a model and a
    /// simulation at once then waits for neither worker's start (bubblewrap and the
    /// supervisor, ~10 ms each).
    void prestart(std::size_t count);

    /// Every run of this process holds its work directory for its duration: a worker's run
    /// moves the directory away, so it needs it alone, and a run that comes for a directory
    /// that is away waits until it is back.
    class Hold {
    public:
        Hold(WorkerPool& pool, std::string dir);
        ~Hold();
        Hold(const Hold&) = delete;
        Hold& operator=(const Hold&) = delete;

    private:
        WorkerPool& pool_;
        std::string dir_;
    };

    /// The directory's absolute, normal path: the name a Hold and a move know it by.
    static std::string key_of(const std::filesystem::path& dir);

private:
    struct DirUse {
        int runs = 0;
        bool is_away = false;
    };

    struct Worker {
        pid_t pid = -1;
        int control = -1;
        std::filesystem::path root;     // bound writable into the worker's sandbox
        std::optional<UidLease> lease;  // as root: the worker's and its runs' uid, its own
        int python_runs = 0;            // python_main runs it served: from the second, warm
        // The uid the worker and its runs have: the lease's, or ours when rtlduet is not root.
        uid_t uid() const { return lease ? lease->uid() : ::geteuid(); }
    };

    /// An idle worker (a new one if none is idle): for a Python run the one that served the
    /// most of them, whose interpreter is warm; for any other run the one that served the
    /// fewest, so the warm ones stay free for Python.
    std::unique_ptr<Worker> acquire(bool is_python);
    void release(std::unique_ptr<Worker> worker);
    std::unique_ptr<Worker> start();
    pid_t spawn_on_keeper(const std::vector<std::string>& argv, int control_fd);
    static void stop(Worker& worker, bool is_graceful = false);
    bool take_away(const std::string& outside, const std::string& inside);
    bool bring_back(const std::string& outside, const std::string& inside);

    SandboxConfig config_;
    std::filesystem::path base_;  // TMPDIR/rtlduet-<uid>/workers-<pid>-<pool>
    dev_t device_ = 0;
    std::mutex mutex_;
    std::vector<std::unique_ptr<Worker>> idle_;
    std::map<std::string, DirUse> dirs_;  // work directories of the runs going on
    std::condition_variable dir_back_;
    std::size_t started_ = 0;
    std::size_t starting_ = 0;  // prestarted workers not ready yet
    std::condition_variable ready_;
    std::vector<std::thread> starters_;
    std::atomic<bool> is_broken_ = false;  // a worker could not start: stop trying

    // Workers are spawned by one long-lived thread: bwrap's --die-with-parent follows the
    // thread that started it, and the threads that ask for runs come and go.
    std::mutex keeper_mutex_;
    std::condition_variable keeper_wakeup_;
    std::deque<std::function<void()>> keeper_jobs_;
    bool is_closing_ = false;
    std::thread keeper_;
};

}  // namespace rtlduet::util::detail
