// support/run_binary.cpp: runs trusted programs for tests through the project's own runner,
// without isolation (the program under test does its own sandboxing).
#include "support/run_binary.h"

#include <cstdlib>
#include <fcntl.h>
#include <regex>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include <doctest/doctest.h>

#include "util/files.h"
#include "util/sandbox.h"

extern char** environ;

namespace rtlduet::testing {

BinaryRun run_program(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                      std::chrono::seconds deadline, const std::vector<std::string>& env) {
    util::SandboxConfig config;
    config.supervisor = util::Sandbox::find_supervisor();
    if (const char* path = std::getenv("PATH")) {
        config.path_env = path;
    }
    const util::Sandbox runner(config);
    util::SandboxRequest request{
        .argv = argv, .cwd = cwd.empty() ? std::filesystem::current_path() : cwd, .env = env};
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

pid_t spawn_rtlduet(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                    std::vector<std::string> extra_env) {
    std::vector<std::string> argv = {RTLDUET_BIN};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> pointers;
    for (std::string& arg : argv) {
        pointers.push_back(arg.data());
    }
    pointers.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    const std::string out = (cwd / "spawned.out").string();
    const std::string err = (cwd / "spawned.err").string();
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<char*> env;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        env.push_back(*entry);
    }
    for (std::string& entry : extra_env) {
        env.push_back(entry.data());
    }
    env.push_back(nullptr);
    pid_t pid = -1;
    const int spawned =
        posix_spawn(&pid, argv[0].c_str(), &actions, nullptr, pointers.data(), env.data());
    posix_spawn_file_actions_destroy(&actions);
    REQUIRE(spawned == 0);
    return pid;
}

int interrupt_after_first_line(pid_t pid, const std::filesystem::path& results, int signal_number) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (std::chrono::steady_clock::now() < deadline &&
           (!std::filesystem::exists(results) || std::filesystem::file_size(results) == 0)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    int status = 0;
    REQUIRE(waitpid(pid, &status, WNOHANG) == 0);  // still running: the signal lands mid-run
    kill(pid, signal_number);
    REQUIRE(waitpid(pid, &status, 0) == pid);
    return status;
}

std::filesystem::path shared_path(const std::string& relative) {
    return std::filesystem::path(RTLDUET_SHARED_DIR) / relative;
}

std::filesystem::path source_path(const std::string& relative) {
    return std::filesystem::path(RTLDUET_SOURCE_DIR) / relative;
}

std::string golden_sample(const std::filesystem::path& suite, const std::string& problem) {
    auto ref = util::read_file(suite / (problem + "_ref.sv"));
    REQUIRE_MESSAGE(ref, problem);
    return std::regex_replace(*ref, std::regex(R"(\bRefModule\b)"), "TopModule");
}

}  // namespace rtlduet::testing
