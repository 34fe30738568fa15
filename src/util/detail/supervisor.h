// util/detail/supervisor.h: what rtlduet and its supervisor (the small rtlduet-sandbox
// executable, started with posix_spawn) say to each other over one Unix socket: a run plan
// with the run's three stdio descriptors attached, a cancel byte, and the report.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <sys/resource.h>
#include <sys/types.h>
#include <vector>

namespace rtlduet::util::detail {

struct LimitSetting {
    int resource;
    rlim_t value;
    bool operator==(const LimitSetting&) const = default;
};

/// One run: what the supervisor's child sets up before it executes the program.
struct RunPlan {
    std::string program;  // absolute path passed to execve
    std::vector<std::string> argv;
    std::vector<std::string> envp;
    std::string cwd;
    std::vector<LimitSetting> limits;
    bool drop_privileges = false;  // setgroups/setgid/setuid to the ids below
    std::uint32_t uid = 65534;
    std::uint32_t gid = 65534;
    bool no_new_privs = false;
    bool python_main = false;  // argv is `python [flags] script [args]`: a warm fork may serve it
    std::int64_t deadline_ms = 0;
    bool operator==(const RunPlan&) const = default;
};

/// What the supervisor sends back when the run is over and every descendant is gone.
struct SupervisorReport {
    std::int32_t wait_status = 0;
    std::int32_t timed_out = 0;
    std::int32_t cancelled = 0;
    std::int32_t exec_failed_errno = 0;
    std::int64_t peak_rss_kib = 0;
};

inline constexpr int kControlFd = 3;
// A deadline is stretched by the time the run waited for a CPU, up to this many times.
inline constexpr std::int64_t kMaxStretch = 4;  // the supervisor's end of the socket
inline constexpr char kRunMessage = 'R';        // header byte of a plan
inline constexpr char kCancelMessage = 'C';
inline constexpr char kHelloMessage = 'H';  // a worker is ready
inline constexpr char kBeatMessage = 'B';   // a supervisor is alive (every kBeatMs of a run)
inline constexpr int kBeatMs = 500;

std::string encode_plan(const RunPlan& plan);
std::optional<RunPlan> decode_plan(std::string_view bytes);

/// Sends one message with the run's stdin, stdout and stderr attached; false on an error.
bool send_with_stdio(int socket_fd, std::string_view bytes, const int (&stdio)[3]);

/// Sends a plan with the run's stdin, stdout and stderr attached; false on a socket error.
bool send_plan(int socket_fd, const RunPlan& plan, const int (&stdio)[3]);

/// Receives the next plan and its three descriptors; nullopt at end of stream or on garbage.
std::optional<RunPlan> receive_plan(int socket_fd, int (&stdio)[3]);

}  // namespace rtlduet::util::detail
