// Sandboxed runner: deadlines, escaping descendants, output bounds, isolation, limits and
// how endings are reported. Each case runs with bubblewrap (when it works here) and with
// rlimits only.
#include "util/sandbox.h"

#include <arpa/inet.h>
#include <csignal>
#include <fcntl.h>
#include <future>
#include <netinet/in.h>
#include <optional>
#include <set>
#include <sys/socket.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "util/files.h"
#include "util/temp_dir.h"

using namespace rtlduet::util;
using namespace std::chrono_literals;

namespace {

std::vector<Sandbox> sandboxes_to_test() {
    std::vector<Sandbox> list;
    std::string why_not;
    Sandbox detected = Sandbox::detect({}, &why_not);
    if (detected.isolation() == Isolation::Bubblewrap) {
        list.push_back(detected);
    } else {
        MESSAGE("bubblewrap cases skipped: " << why_not);
    }
    SandboxConfig plain;
    plain.drop_privileges = ::geteuid() == 0;
    plain.supervisor = Sandbox::find_supervisor();
    list.emplace_back(plain);
    return list;
}

SandboxRequest shell(const fs::path& cwd, std::string script) {
    return SandboxRequest{.argv = {"/bin/sh", "-c", std::move(script)}, .cwd = cwd};
}

TempDir make_work() {
    auto dir = TempDir::create("rtlduet-sbx-");
    REQUIRE(dir);
    return std::move(*dir);
}

}  // namespace

TEST_SUITE("util.sandbox") {
    TEST_CASE("an infinite loop is killed at its deadline") {
        for (const Sandbox& sandbox : sandboxes_to_test()) {
            CAPTURE(sandbox.describe());
            TempDir work = make_work();
            SandboxRequest request = shell(work.path(), "while :; do :; done");
            request.limits.deadline = 300ms;
            auto run = sandbox.run(request);
            REQUIRE(run);
            CHECK(run->timed_out);
            CHECK_FALSE(run->succeeded());
            CHECK(run->wall < 5s);
        }
    }

    TEST_CASE("a descendant that calls setsid is killed when the run ends") {
        for (const Sandbox& sandbox : sandboxes_to_test()) {
            CAPTURE(sandbox.describe());
            TempDir work = make_work();
            // The escapee appends to a file forever; the main process exits at once.
            SandboxRequest request = shell(
                work.path(),
                "setsid sh -c 'while :; do echo x >> beat; sleep 0.01; done' >escapee.log 2>&1 & "
                "while [ ! -s beat ]; do sleep 0.05; done; exit 0");
            request.limits.deadline = 5s;
            auto run = sandbox.run(request);
            REQUIRE(run);
            CHECK(run->exit_code == 0);
            const auto size_after_run = fs::file_size(work.path() / "beat");
            std::this_thread::sleep_for(300ms);
            CHECK(fs::file_size(work.path() / "beat") == size_after_run);
        }
    }

    TEST_CASE("a setsid descendant that loops past the deadline is killed too") {
        for (const Sandbox& sandbox : sandboxes_to_test()) {
            CAPTURE(sandbox.describe());
            TempDir work = make_work();
            SandboxRequest request = shell(
                work.path(), "setsid sh -c 'while :; do echo x >> beat; sleep 0.01; done' & wait");
            request.limits.deadline = 400ms;
            auto run = sandbox.run(request);
            REQUIRE(run);
            CHECK(run->timed_out);
            const auto size_after_run = fs::file_size(work.path() / "beat");
            std::this_thread::sleep_for(300ms);
            CHECK(fs::file_size(work.path() / "beat") == size_after_run);
        }
    }

    TEST_CASE("a 100 MB stdout flood is counted but captured only up to the bound") {
        for (const Sandbox& sandbox : sandboxes_to_test()) {
            CAPTURE(sandbox.describe());
            TempDir work = make_work();
            SandboxRequest request = shell(work.path(), "head -c 100000000 /dev/zero");
            request.limits.capture_bytes = 1 << 20;
            request.limits.output_bytes = 200'000'000;
            auto run = sandbox.run(request);
            REQUIRE(run);
            CHECK(run->succeeded());
            CHECK(run->out.size() == (1u << 20));
            CHECK(run->out_bytes == 100'000'000u);
            CHECK(run->out_truncated());
        }
    }

    TEST_CASE("a stream past the output limit is cut off and the writer stopped") {
        for (const Sandbox& sandbox : sandboxes_to_test()) {
            CAPTURE(sandbox.describe());
            TempDir work = make_work();
            SandboxRequest request = shell(work.path(), "yes flood");
            request.limits.output_bytes = 4 << 20;
            request.limits.deadline = 20s;
            auto run = sandbox.run(request);
            REQUIRE(run);
            CHECK(run->output_limit_hit);
            CHECK_FALSE(run->timed_out);
            CHECK_FALSE(run->succeeded());
        }
    }

    TEST_CASE("a write outside the work directory fails") {
        for (const Sandbox& sandbox : sandboxes_to_test()) {
            CAPTURE(sandbox.describe());
            if (sandbox.isolation() != Isolation::Bubblewrap && !sandbox.config().drop_privileges) {
                MESSAGE("rlimits-only mode as a normal user cannot stop writes: case skipped");
                continue;
            }
            TempDir work = make_work();
            TempDir outside = make_work();
            const fs::path target = outside.path() / "escaped";
            SandboxRequest request =
                shell(work.path(), "echo inside > ok && echo x > " + target.string());
            auto run = sandbox.run(request);
            REQUIRE(run);
            CHECK(run->exit_code != 0);
            CHECK_FALSE(fs::exists(target));
            CHECK(fs::exists(work.path() / "ok"));
        }
    }

    TEST_CASE("a TCP connect to a listener on 127.0.0.1 fails inside bubblewrap") {
        std::string why_not;
        const Sandbox sandbox = Sandbox::detect({}, &why_not);
        if (sandbox.isolation() != Isolation::Bubblewrap) {
            MESSAGE("skipped: " << why_not);
            return;
        }
        const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        REQUIRE(::bind(listener, reinterpret_cast<sockaddr*>(&address), length) == 0);
        REQUIRE(::listen(listener, 4) == 0);
        REQUIRE(::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) == 0);
        TempDir work = make_work();
        const std::string port = std::to_string(ntohs(address.sin_port));
        SandboxRequest request{
            .argv = {"/usr/bin/python3", "-I", "-c",
                     "import socket\ns=socket.socket()\ns.settimeout(2)\ns.connect(('127.0.0.1'," +
                         port + "))\nprint('connected')"},
            .cwd = work.path()};
        auto run = sandbox.run(request);
        ::close(listener);
        REQUIRE(run);
        CHECK(run->exit_code != 0);
        CHECK(run->out.find("connected") == std::string::npos);
    }

    TEST_CASE("a fork loop hits the process limit and ends") {
        for (const Sandbox& sandbox : sandboxes_to_test()) {
            CAPTURE(sandbox.describe());
            TempDir work = make_work();
            SandboxRequest request = shell(
                work.path(),
                "n=0; while [ $n -lt 300 ]; do sleep 30 & n=$((n+1)); done; echo all-started");
            request.limits.processes = 16;
            request.limits.deadline = 20s;
            auto run = sandbox.run(request);
            REQUIRE(run);
            CHECK_FALSE(run->timed_out);
            CHECK(run->out.find("all-started") == std::string::npos);
            CHECK(run->err.find("fork") != std::string::npos);
        }
    }

    TEST_CASE("a fork loop in one run does not starve a run beside it (a uid per run)") {
        if (::geteuid() != 0) {
            MESSAGE("skipped: a uid per run needs root");
            return;
        }
        for (const Sandbox& sandbox : sandboxes_to_test()) {
            CAPTURE(sandbox.describe());
            TempDir bomb_dir = make_work();
            TempDir steady_dir = make_work();
            // The steady run starts first, so a shared uid's count would be the bomb's too.
            SandboxRequest steady = shell(
                steady_dir.path(),
                "sleep 1; n=0; while [ $n -lt 10 ]; do /bin/true || exit 7; n=$((n+1)); done; "
                "echo steady-done");
            steady.limits.processes = 16;
            steady.limits.deadline = 20s;
            SandboxRequest bomb =
                shell(bomb_dir.path(), "n=0; while [ $n -lt 300 ]; do sleep 5 & n=$((n+1)); done");
            bomb.limits.processes = 16;
            bomb.limits.deadline = 10s;
            auto steady_run = std::async(std::launch::async, [&] { return sandbox.run(steady); });
            std::this_thread::sleep_for(200ms);
            auto bomb_run = sandbox.run(bomb);
            REQUIRE(bomb_run);
            auto steady_done = steady_run.get();
            REQUIRE(steady_done);
            CHECK(steady_done->exit_code == 0);
            CHECK(steady_done->out.find("steady-done") != std::string::npos);
        }
    }

    TEST_CASE("exit codes, signals, stdin and a missing program are reported") {
        for (const Sandbox& sandbox : sandboxes_to_test()) {
            CAPTURE(sandbox.describe());
            TempDir work = make_work();
            auto exited = sandbox.run(shell(work.path(), "echo out; echo err >&2; exit 3"));
            REQUIRE(exited);
            CHECK(exited->exit_code == 3);
            CHECK(exited->signal == 0);
            CHECK(exited->out == "out\n");
            CHECK(exited->err == "err\n");

            auto killed = sandbox.run(shell(work.path(), "kill -SEGV $$"));
            REQUIRE(killed);
            CHECK(killed->signal == SIGSEGV);
            CHECK(killed->describe_end().find("signal 11") != std::string::npos);

            SandboxRequest echo{.argv = {"cat"}, .cwd = work.path(), .stdin_data = "hello\n"};
            auto echoed = sandbox.run(echo);
            REQUIRE(echoed);
            CHECK(echoed->out == "hello\n");

            SandboxRequest missing{.argv = {"rtlduet-no-such-program"}, .cwd = work.path()};
            auto absent = sandbox.run(missing);
            REQUIRE_FALSE(absent);
            CHECK(absent.error().kind == ErrorKind::Tool);
        }
    }

    TEST_CASE("a file another thread is writing is not held open by a concurrent run") {
        // One thread writes an executable while another thread's run is going; once the
        // writer closes it, it must run (a supervisor holding the write descriptor would make
        // the exec fail with ETXTBSY), and the run must not see the descriptor either.
        for (const Sandbox& sandbox : sandboxes_to_test()) {
            CAPTURE(sandbox.describe());
            TempDir work = make_work();
            const fs::path program = work.path() / "program";
            const int fd = ::open(program.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
            REQUIRE(fd >= 0);
            const std::string text = "#!/bin/sh\necho ran\n";
            REQUIRE(::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
            std::optional<Result<RunResult>> concurrent;
            std::thread other(
                [&] { concurrent = sandbox.run(shell(work.path(), "ls /proc/self/fd; sleep 1")); });
            std::this_thread::sleep_for(300ms);
            ::close(fd);
            auto run = sandbox.run(SandboxRequest{.argv = {program.string()}, .cwd = work.path()});
            other.join();
            REQUIRE(run);
            CHECK_MESSAGE(run->succeeded(), run->err);
            CHECK(run->out == "ran\n");
            REQUIRE(concurrent);
            REQUIRE(*concurrent);
            // ls sees 0, 1, 2 and the directory it reads: nothing of the parent's.
            CHECK((*concurrent)->out == "0\n1\n2\n3\n");
        }
    }

    TEST_CASE("a cancel flag stops a running child") {
        TempDir work = make_work();
        std::atomic<bool> cancel{false};
        SandboxRequest request = shell(work.path(), "sleep 30");
        request.cancel = &cancel;
        std::thread canceller([&] {
            std::this_thread::sleep_for(200ms);
            cancel = true;
        });
        auto run = sandboxes_to_test().back().run(request);
        canceller.join();
        REQUIRE(run);
        CHECK(run->cancelled);
        CHECK(run->wall < 5s);
    }
}

TEST_CASE("tools can write to /dev/null inside bubblewrap even when the host's is root-only") {
    std::string why_not;
    const Sandbox sandbox = Sandbox::detect({}, &why_not);
    if (sandbox.isolation() != Isolation::Bubblewrap) {
        MESSAGE("skipped: " << why_not);
        return;
    }
    TempDir work = make_work();
    auto run = sandbox.run(shell(work.path(), "echo x > /dev/null && echo ok"));
    REQUIRE(run);
    CHECK(run->out == "ok\n");
}

TEST_SUITE("util.sandbox.workers") {
    // Runs one after another in a sandbox with bubblewrap are served by the same worker.
    // Null, with a message, without bubblewrap (or, when `needs_root`, without root).
    const Sandbox* worker_sandbox(bool needs_root = false) {
        static const Sandbox sandbox = Sandbox::detect();
        if (sandbox.isolation() != Isolation::Bubblewrap || (needs_root && ::geteuid() != 0)) {
            MESSAGE("skipped: needs bubblewrap" << (needs_root ? " and root" : ""));
            return nullptr;
        }
        return &sandbox;
    }

    TEST_CASE("a new sandbox starts a spare worker beside the probe's and ends both with it") {
        const fs::path parent = fs::temp_directory_path() / fmt::format("rtlduet-{}", ::geteuid());
        const std::string prefix = fmt::format("workers-{}-", ::getpid());
        const auto pools = [&] {
            std::set<fs::path> found;
            std::error_code ec;
            for (const auto& entry : fs::directory_iterator(parent, ec)) {
                if (entry.path().filename().string().starts_with(prefix)) {
                    found.insert(entry.path());
                }
            }
            return found;
        };
        const std::set<fs::path> before = pools();
        fs::path base;
        {
            const Sandbox sandbox = Sandbox::detect();
            if (sandbox.isolation() != Isolation::Bubblewrap) {
                MESSAGE("skipped: needs bubblewrap");
                return;
            }
            for (const fs::path& pool : pools()) {
                base = before.contains(pool) ? base : pool;
            }
            REQUIRE_FALSE(base.empty());
            // No run was asked for beyond the probe: a second worker is there all the same.
            for (int waited_ms = 0; waited_ms < 10'000 && !fs::exists(base / "w1"); ++waited_ms) {
                std::this_thread::sleep_for(1ms);
            }
            CHECK(fs::exists(base / "w0"));
            CHECK(fs::exists(base / "w1"));
            CHECK_FALSE(fs::exists(base / "w2"));
        }
        CHECK_FALSE(fs::exists(base));  // both workers stopped, their directories gone
    }

    TEST_CASE("a run finds nothing of the run before it: files, processes, IPC objects") {
        const Sandbox* sandbox = worker_sandbox();
        if (sandbox == nullptr) {
            return;
        }
        TempDir first = make_work();
        auto left = sandbox->run(shell(first.path(),
                                       "echo poison > /tmp/left; touch /dev/shm/left; "
                                       "ipcmk -M 4096 > /dev/null; (exec sleep 987654.7 &); "
                                       "pwd"));
        REQUIRE(left);
        CHECK(left->succeeded());
        CHECK(left->out == first.path().string() + "\n");  // its own path, as it sees it
        TempDir second = make_work();
        auto found =
            sandbox->run(shell(second.path(),
                               "test -e /tmp/left -o -e /dev/shm/left && echo found; "
                               "ipcs -m | grep -c 0x; ps -eo args | grep -c '[9]87654.7'"));
        REQUIRE(found);
        CHECK(found->out == "0\n0\n");
        CHECK(fs::exists(first.path()));
    }

    TEST_CASE("concurrent runs in workers have uids of their own, from the leased range") {
        const Sandbox* sandbox = worker_sandbox(true);
        if (sandbox == nullptr) {
            return;
        }
        TempDir first_dir = make_work();
        TempDir second_dir = make_work();
        // Both are running at once, so they are in two workers.
        auto first = std::async(std::launch::async, [&] {
            return sandbox->run(shell(first_dir.path(), "id -u; sleep 1"));
        });
        auto second = sandbox->run(shell(second_dir.path(), "id -u; sleep 1"));
        auto first_done = first.get();
        REQUIRE(first_done);
        REQUIRE(second);
        const unsigned long first_uid = std::stoul(first_done->out);
        const unsigned long second_uid = std::stoul(second->out);
        CHECK(first_uid != second_uid);
        for (const unsigned long uid : {first_uid, second_uid}) {
            CHECK(uid >= sandbox->config().first_run_uid);
            CHECK(uid < sandbox->config().first_run_uid + sandbox->config().run_uids);
        }
        // The run's files are its uid's: no other run can write them.
        struct stat info {};
        REQUIRE(::stat(first_dir.path().c_str(), &info) == 0);
        CHECK(info.st_uid == first_uid);
    }

    TEST_CASE("a run that kills its worker is retried on its own and reported as it ended") {
        const Sandbox* sandbox = worker_sandbox();
        if (sandbox == nullptr) {
            return;
        }
        TempDir work = make_work();
        auto run = sandbox->run(shell(work.path(), "kill -9 -1; echo still here"));
        REQUIRE(run);
        CHECK(run->succeeded());
        CHECK(run->out == "still here\n");
        auto next = sandbox->run(shell(work.path(), "echo next"));
        REQUIRE(next);
        CHECK(next->out == "next\n");
    }

    TEST_CASE("a run that stops its worker is retried on its own once the worker is given up") {
        const Sandbox* sandbox = worker_sandbox();
        if (sandbox == nullptr) {
            return;
        }
        TempDir work = make_work();
        SandboxRequest request = shell(work.path(), "kill -STOP -1; echo still here");
        request.limits.deadline = 500ms;
        auto run = sandbox->run(request);
        REQUIRE(run);
        CHECK(run->out == "still here\n");
    }

    TEST_CASE("Python runs forked from a warm interpreter each start from a clean one") {
        const Sandbox* sandbox = worker_sandbox();
        if (sandbox == nullptr) {
            return;
        }
        TempDir work = make_work();
        REQUIRE(write_file(work.path() / "script.py",
                           "import json, os, sys\n"
                           "print(json.dumps(sys.argv[1:]), os.getcwd() == os.environ['HOME'])\n"
                           "json.dumps = None\n"
                           "sys.exit(int(sys.argv[1]))\n"));
        for (int i = 0; i < 4; ++i) {
            SandboxRequest request{
                .argv = {"/usr/bin/python3", "-I", "-B", "script.py", std::to_string(i)},
                .cwd = work.path(),
                .is_python_main = true};
            auto run = sandbox->run(request);
            REQUIRE(run);
            CHECK_MESSAGE(run->out == fmt::format("[\"{}\"] True\n", i), run->err);
            CHECK(run->exit_code == i);
        }
    }

    TEST_CASE("a warm Python runs the script's current text as __main__, and a broken one fails") {
        const Sandbox* sandbox = worker_sandbox();
        if (sandbox == nullptr) {
            return;
        }
        TempDir work = make_work();
        const auto run_script = [&](std::string_view text) {
            REQUIRE(write_file(work.path() / "script.py", text));
            SandboxRequest request{.argv = {"/usr/bin/python3", "-I", "-B", "-S", "script.py"},
                                   .cwd = work.path(),
                                   .is_python_main = true};
            auto run = sandbox->run(request);
            REQUIRE(run);
            return *run;
        };
        const std::string main_check =
            "import os, sys\nprint({}, __name__, __file__ == os.path.abspath('script.py'), "
            "sys.modules['__main__'].__dict__ is globals())\n";
        for (const std::string_view word : {"'one'", "'two'", "'one'"}) {
            const RunResult run = run_script(fmt::format(fmt::runtime(main_check), word));
            CHECK_MESSAGE(run.out == fmt::format("{} __main__ True True\n",
                                                 word.substr(1, word.size() - 2)),
                          run.err);
        }
        const RunResult broken = run_script("def broken(:\n");
        CHECK(broken.exit_code == 1);
        CHECK(broken.err.find("SyntaxError") != std::string::npos);
    }

    TEST_CASE("Python runs go to the worker whose interpreter is warm, other runs elsewhere") {
        const Sandbox sandbox = Sandbox::detect();
        if (sandbox.isolation() != Isolation::Bubblewrap) {
            MESSAGE("skipped: needs bubblewrap");
            return;
        }
        TempDir work = make_work();
        // Two runs at once: the pool has two workers.
        auto beside = std::async(std::launch::async,
                                 [&] { return sandbox.run(shell(work.path(), "sleep 0.3")); });
        TempDir other = make_work();
        REQUIRE(sandbox.run(shell(other.path(), "sleep 0.3")));
        REQUIRE(beside.get());
        // Each run prints its worker's directory backwards (the sandbox maps the forward path
        // back to the caller's).
        REQUIRE(write_file(work.path() / "where.py",
                           "import os\nprint(os.path.dirname(os.getcwd())[::-1])\n"));
        const auto python_worker = [&] {
            auto run = sandbox.run({.argv = {"/usr/bin/python3", "-I", "-B", "-S", "where.py"},
                                    .cwd = work.path(),
                                    .is_python_main = true});
            REQUIRE(run);
            REQUIRE_MESSAGE(run->succeeded(), run->err);
            return run->out;
        };
        const auto shell_worker = [&] {
            auto run = sandbox.run(shell(work.path(), "dirname \"$PWD\" | rev"));
            REQUIRE(run);
            return run->out;
        };
        const std::string warm = python_worker();
        CHECK(warm.find("-srekrow/") != std::string::npos);  // workers-<pid>-<n>/w<i>
        CHECK(python_worker() == warm);
        CHECK(python_worker() == warm);
        // The last run left the warm worker on top of the idle ones; a shell run passes it by.
        CHECK(shell_worker() != warm);
        CHECK(python_worker() == warm);
    }
}
