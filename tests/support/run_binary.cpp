// support/run_binary.cpp: runs trusted programs for tests through the project's own runner,
// without isolation (the program under test does its own sandboxing).
#include "support/run_binary.h"

#include <unistd.h>

#include <cstdlib>

#include "util/sandbox.h"

namespace rtlduet::testing {

BinaryRun run_program(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                      std::chrono::seconds deadline, const std::vector<std::string>& env) {
    util::SandboxConfig config;
    if (const char* path = std::getenv("PATH")) {
        config.path_env = path;
    }
    const util::Sandbox runner(config);
    util::SandboxRequest request{.argv = argv,
                                 .cwd = cwd.empty() ? std::filesystem::current_path() : cwd,
                                 .env = env};
    request.limits.deadline = deadline;
    request.limits.cpu_seconds = 3600;
    request.limits.address_space_bytes = 1ull << 40;
    request.limits.file_size_bytes = 1ull << 34;
    request.limits.processes = 4096;
    request.limits.open_files = 4096;
    request.limits.capture_bytes = 16 << 20;
    request.limits.output_bytes = 1ull << 30;
    // Keep the caller's environment for HOME-relative caches and NO_COLOR/locale choices.
    if (const char* home = std::getenv("HOME")) {
        request.env.push_back(std::string("HOME=") + home);
    }
    auto run = runner.run(request);
    BinaryRun result;
    if (!run) {
        result.err = run.error().message;
        return result;
    }
    result.exit_code = run->exit_code;
    result.signal = run->signal;
    result.timed_out = run->timed_out;
    result.out = std::move(run->out);
    result.err = std::move(run->err);
    return result;
}

BinaryRun run_rtlduet(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                      std::chrono::seconds deadline, const std::vector<std::string>& env) {
    std::vector<std::string> argv = {RTLDUET_BIN};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_program(argv, cwd, deadline, env);
}

std::filesystem::path shared_path(const std::string& relative) {
    return std::filesystem::path(RTLDUET_SHARED_DIR) / relative;
}

std::filesystem::path source_path(const std::string& relative) {
    return std::filesystem::path(RTLDUET_SOURCE_DIR) / relative;
}

}  // namespace rtlduet::testing
