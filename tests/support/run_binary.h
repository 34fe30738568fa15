// support/run_binary.h: runs the built rtlduet binary (or another trusted program) from a
// test and returns exit code, stdout and stderr, with a deadline.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <sys/types.h>
#include <vector>

namespace rtlduet::testing {

struct BinaryRun {
    int exit_code = -1;
    int signal = 0;
    bool timed_out = false;
    std::string out;
    std::string err;
};

/// Runs RTLDUET_BIN with `args` in `cwd` (default: the current directory).
BinaryRun run_rtlduet(const std::vector<std::string>& args, const std::filesystem::path& cwd = {},
                      std::chrono::seconds deadline = std::chrono::seconds(300),
                      const std::vector<std::string>& env = {});

/// Runs any program (argv[0] searched on PATH) the same way.
BinaryRun run_program(const std::vector<std::string>& argv, const std::filesystem::path& cwd = {},
                      std::chrono::seconds deadline = std::chrono::seconds(300),
                      const std::vector<std::string>& env = {});

/// Starts rtlduet in the background (its stdout and stderr go to spawned.out and spawned.err
/// in `cwd`), with `extra_env` ("NAME=value") added to this process's environment.
pid_t spawn_rtlduet(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                    std::vector<std::string> extra_env = {});

/// Waits until `file` holds something, then sends `signal_number` to the still-running `pid`
/// and returns its wait status.
int interrupt_after_first_line(pid_t pid, const std::filesystem::path& file, int signal_number);

/// Path of a file under the shared dataset directory next to the project.
std::filesystem::path shared_path(const std::string& relative);
/// Path of a file in the source tree.
std::filesystem::path source_path(const std::string& relative);

/// `<suite>/<problem>_ref.sv` with its module renamed TopModule: a sample that must pass.
std::string golden_sample(const std::filesystem::path& suite, const std::string& problem);

}  // namespace rtlduet::testing
