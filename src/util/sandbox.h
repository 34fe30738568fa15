// util/sandbox.h: the one runner for every simulator, compiler and Python model process.
// Untrusted code runs from an argv vector in its work directory, under rlimits, a wall-clock
// deadline that kills every descendant (even one that called setsid), bounded output capture,
// and, when bubblewrap works, a read-only host with no network and a private /tmp and pid space.
// Each run is supervised by rtlduet-sandbox (started with posix_spawn); with bubblewrap, runs
// whose work directory is on TMPDIR's file system are served by persistent sandboxed workers.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "util/error.h"

namespace rtlduet::util {

struct SandboxLimits {
    std::chrono::milliseconds deadline{30'000};
    std::uint64_t cpu_seconds = 120;
    std::uint64_t address_space_bytes = 4ull << 30;
    std::uint64_t file_size_bytes = 256ull << 20;
    std::uint64_t processes = 64;  // on top of what the sandbox uid already runs
    std::uint64_t open_files = 256;
    std::size_t capture_bytes = 1 << 20;       // kept per stream; the rest is counted
    std::uint64_t output_bytes = 64ull << 20;  // per stream; past it the pipe is closed
};

struct SandboxRequest {
    std::vector<std::string> argv;
    std::filesystem::path cwd;                         // work directory, writable
    std::vector<std::filesystem::path> writable_dirs;  // besides cwd (e.g. a build cache)
    std::vector<std::filesystem::path> readable_dirs;  // re-exposed under hidden /home, /root
    std::vector<std::string> env;                      // KEY=VALUE added to the clean base
    std::string stdin_data;
    SandboxLimits limits;
    const std::atomic<bool>* cancel = nullptr;  // set from a signal handler: stop the run
    // argv is `python [flags] script [args]`: a worker may run it as a fork of a warm
    // interpreter started with the same flags instead of starting Python anew.
    bool is_python_main = false;
};

struct RunResult {
    int exit_code = -1;  // valid when signal == 0 and !timed_out
    int signal = 0;      // the signal that ended the process, 0 if it exited
    bool timed_out = false;
    bool cancelled = false;
    bool output_limit_hit = false;  // a stream went past limits.output_bytes
    std::string out;
    std::string err;
    std::uint64_t out_bytes = 0;  // total seen, captured or not
    std::uint64_t err_bytes = 0;
    std::uint64_t peak_rss_kib = 0;
    std::chrono::milliseconds wall{0};

    bool succeeded() const { return !timed_out && !cancelled && signal == 0 && exit_code == 0; }
    bool out_truncated() const { return out_bytes > out.size(); }
    bool err_truncated() const { return err_bytes > err.size(); }
    /// One line for messages: "exit 2", "killed by signal 9", "timed out after 30000 ms".
    std::string describe_end() const;
};

enum class Isolation { Bubblewrap, RlimitsOnly };

struct SandboxConfig {
    std::filesystem::path bwrap;          // empty: do not use bubblewrap
    bool drop_privileges = false;         // running as root: each run as a uid of its own
    unsigned first_run_uid = 0x70000000;  // the range runs (and workers) lease a uid from
    unsigned run_uids = 4096;
    std::string path_env = "/usr/local/bin:/usr/bin:/bin";
    std::filesystem::path supervisor;  // the rtlduet-sandbox executable
};

namespace detail {
class WorkerPool;
}

class Sandbox {
public:
    explicit Sandbox(SandboxConfig config);

    /// Finds bwrap (a given path, else the usual bin directories), runs a probe through it
    /// (in what becomes the first worker) and falls back to rlimits only when the probe
    /// fails; `why_not` says why. `path_env` replaces the default PATH of sandboxed runs.
    static Sandbox detect(const std::filesystem::path& bwrap_hint = {},
                          std::string* why_not = nullptr, std::string_view path_env = {});

    /// rtlduet-sandbox next to the running executable, in ../libexec/rtlduet, or in the build
    /// tree; empty when there is none.
    static std::filesystem::path find_supervisor();

    Result<RunResult> run(const SandboxRequest& request) const;

    Isolation isolation() const;
    const SandboxConfig& config() const { return config_; }
    std::string describe() const;

private:
    SandboxConfig config_;
    std::shared_ptr<detail::WorkerPool> pool_;  // shared by copies; null without bubblewrap
};

/// Finds an executable by name in a PATH-style list; empty when absent.
std::filesystem::path find_program(std::string_view name, std::string_view path_list);

}  // namespace rtlduet::util
