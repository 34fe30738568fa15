// fake_llm/main.cpp: the fake endpoint as a program, for integration tests and benchmarks
// that run the rtlduet binary: it serves until SIGINT/SIGTERM (or --exit-after N requests).
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <signal.h>
#include <string>
#include <string_view>

#include "fake_llm/fake_llm_server.h"
#include "util/files.h"

namespace {

constexpr const char* kUsage =
    "usage: fake_llm_server --script FILE [--port-file FILE] [--log FILE] [--latency-ms N]\n"
    "                       [--slots N] [--context N] [--flavour llama.cpp|vllm|ollama|plain]\n"
    "                       [--no-slots 1] [--overflow 400|500] [--api-key KEY] [--exit-after N]\n"
    "                       [--port N] [--hold-on-stop 1]\n";

struct Flags {
    std::string script;
    std::string port_file;
    int exit_after = 0;
    bool holds_on_stop = false;
    rtlduet::fake_llm::ServerOptions options;
};

bool parse_int(const char* text, int* out) {
    char* end = nullptr;
    const long value = std::strtol(text, &end, 10);
    if (end == text || *end != '\0' || value < 0 || value > 1'000'000'000) {
        return false;
    }
    *out = static_cast<int>(value);
    return true;
}

bool parse_flags(int argc, char** argv, Flags* flags) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view flag = argv[i];
        if (i + 1 >= argc) {
            return false;
        }
        const char* value = argv[++i];
        bool ok = true;
        if (flag == "--script") {
            flags->script = value;
        } else if (flag == "--port-file") {
            flags->port_file = value;
        } else if (flag == "--log") {
            flags->options.log_path = value;
        } else if (flag == "--latency-ms") {
            ok = parse_int(value, &flags->options.latency_ms);
        } else if (flag == "--slots") {
            ok = parse_int(value, &flags->options.slots);
        } else if (flag == "--port") {
            ok = parse_int(value, &flags->options.port) && flags->options.port <= 65535;
        } else if (flag == "--context") {
            ok = parse_int(value, &flags->options.context);
        } else if (flag == "--flavour") {
            const auto flavour = rtlduet::fake_llm::parse_flavour(value);
            ok = flavour.has_value();
            flags->options.flavour = flavour.value_or(flags->options.flavour);
        } else if (flag == "--no-slots") {
            flags->options.has_slots_route = std::string_view(value) != "1";
        } else if (flag == "--overflow") {
            flags->options.overflow_is_500 = std::string_view(value) == "500";
            ok = flags->options.overflow_is_500 || std::string_view(value) == "400";
        } else if (flag == "--api-key") {
            flags->options.api_key = value;
        } else if (flag == "--hold-on-stop") {
            flags->holds_on_stop = std::string_view(value) == "1";
        } else if (flag == "--exit-after") {
            ok = parse_int(value, &flags->exit_after);
        } else {
            ok = false;
        }
        if (!ok) {
            return false;
        }
    }
    return !flags->script.empty();
}

// Waits for SIGINT/SIGTERM, or until `exit_after` requests have been answered.
void serve_until_told(const rtlduet::fake_llm::FakeLlmServer& server, const sigset_t& signals,
                      int exit_after) {
    const timespec slice{.tv_sec = 0, .tv_nsec = 50'000'000};
    while (sigtimedwait(&signals, nullptr, &slice) < 0) {
        if (exit_after > 0 && static_cast<int>(server.requests().size()) >= exit_after) {
            return;
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
    Flags flags;
    if (!parse_flags(argc, argv, &flags)) {
        std::fputs(kUsage, stderr);
        return 2;
    }
    // Block the stop signals before any thread starts, so only sigtimedwait sees them.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    signal(SIGPIPE, SIG_IGN);

    rtlduet::fake_llm::FakeLlmServer server(flags.options);
    if (auto loaded = server.load_script_file(flags.script); !loaded) {
        std::fprintf(stderr, "fake_llm_server: %s\n", loaded.error().what().c_str());
        return 2;
    }
    if (auto started = server.start(); !started) {
        std::fprintf(stderr, "fake_llm_server: %s\n", started.error().what().c_str());
        return 3;
    }
    if (!flags.port_file.empty()) {
        const std::string port = std::to_string(server.port()) + "\n";
        if (auto written = rtlduet::util::write_file_atomic(flags.port_file, port); !written) {
            std::fprintf(stderr, "fake_llm_server: %s\n", written.error().what().c_str());
            return 3;
        }
    }
    std::fprintf(stderr, "fake_llm_server: listening on %s\n", server.base_url().c_str());
    serve_until_told(server, signals, flags.exit_after);
    if (flags.holds_on_stop) {
        // Like llama-server after SIGTERM: silent, connections open, until a second signal.
        std::fprintf(stderr, "fake_llm_server: holding every connection until the next signal\n");
        server.hold();
        serve_until_told(server, signals, 0);
    }
    server.stop();
    return 0;
}
