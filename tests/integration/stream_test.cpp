// `rtlduet run` through the binary with streamed replies (../shared/notes/llama-server-protocol.md,
// "Streaming (SSE) shape"): the stream's details, the cache independent of streaming, an error
// event mid-stream, a stalled stream and a server that holds its connections after a stop
// (found within --stall-timeout, not --request-timeout), and the live progress on a terminal.
#include <chrono>
#include <future>
#include <set>
#include <sstream>
#include <thread>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "fake_llm/fake_llm_server.h"
#include "support/counter_replies.h"
#include "support/run_binary.h"
#include "util/files.h"
#include "util/temp_dir.h"

using rtlduet::testing::run_rtlduet;
using rtlduet::testing::source_path;
using Json = nlohmann::json;
using Steady = std::chrono::steady_clock;

namespace {

const char* const kCounter = rtlduet::testing::kCounterRight;
const char* const kModel = rtlduet::testing::kCounterModel;

// Each agent's rule: the given replies for its first requests, a plain good reply after.
Json script(const Json& rtl_replies, const Json& model_replies) {
    Json rtl = rtl_replies;
    rtl.push_back({{"content", kCounter}});
    Json model = model_replies;
    model.push_back({{"content", kModel}});
    return {{"rules",
             {{{"agent", "rtl"}, {"replies", rtl}}, {{"agent", "model"}, {"replies", model}}}}};
}

struct StreamCase {
    rtlduet::util::TempDir dir;
    rtlduet::fake_llm::FakeLlmServer server;
    Steady::time_point server_started;

    explicit StreamCase(const Json& script, rtlduet::fake_llm::ServerOptions options = {})
        : dir(std::move(*rtlduet::util::TempDir::create("rtlduet-stream-"))),
          server(std::move(options)) {
        REQUIRE(server.load_script(script.dump()));
        REQUIRE(server.start());
        server_started = Steady::now();
    }

    std::vector<std::string> args(std::vector<std::string> extra, const std::string& out = "out") {
        std::vector<std::string> all = {
            "run",   source_path("benchmarks/examples/counter/spec.txt").string(),
            "-n",    "1",
            "-t",    "1",
            "--sim", "iverilog",
            "--endpoint", server.base_url(),
            "--out", (dir.path() / out).string()};
        all.insert(all.end(), extra.begin(), extra.end());
        return all;
    }

    rtlduet::testing::BinaryRun run(std::vector<std::string> extra = {},
                                    const std::string& out = "out") {
        return run_rtlduet(args(std::move(extra), out), dir.path(), std::chrono::seconds(120));
    }

    std::vector<Json> transcript(const std::string& out = "out") {
        auto text = rtlduet::util::read_file(dir.path() / out / "transcript.jsonl");
        REQUIRE(text);
        std::vector<Json> lines;
        std::istringstream in(*text);
        for (std::string line; std::getline(in, line);) {
            lines.push_back(Json::parse(line));
        }
        return lines;
    }

    int chats(const std::string& agent) {
        int count = 0;
        for (const auto& request : server.chat_requests()) {
            count += request.agent == agent ? 1 : 0;
        }
        return count;
    }
};

std::set<std::string> file_names(const std::filesystem::path& dir) {
    std::set<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        names.insert(entry.path().filename().string());
    }
    return names;
}

}  // namespace

TEST_SUITE("integration.stream") {
    TEST_CASE("a streamed reply: role chunk, deltas, keep-alives, reasoning and the usage chunk") {
        const Json reasoning_reply = {{"content", kCounter},
                                      {"reasoning_content", "count when enable is high"},
                                      {"stream", {{"chunk_chars", 3}, {"keepalive", true}}}};
        StreamCase c(script(Json::array({reasoning_reply}), Json::array()));
        const auto run = c.run();
        CHECK_MESSAGE(run.exit_code == 0, run.err);
        for (const auto& request : c.server.chat_requests()) {
            CHECK(request.body["stream"] == true);
            CHECK(request.body["stream_options"]["include_usage"] == true);
        }
        const auto lines = c.transcript();
        REQUIRE(lines.size() == 2);
        const Json& rtl = lines[0]["agent"] == "rtl" ? lines[0] : lines[1];
        CHECK(rtl["reply"] == kCounter);
        CHECK(rtl["reasoning"] == "count when enable is high");
        CHECK(rtl["finish_reason"] == "stop");
        CHECK(rtl["prompt_tokens"].get<int>() > 0);  // from the usage chunk
        CHECK(rtl["completion_tokens"].get<int>() > 0);
    }

    TEST_CASE("recordings are the same whether the replies were streamed or not") {
        StreamCase c(script(Json::array(), Json::array()));
        const auto streamed = c.dir.path() / "streamed";
        const auto whole = c.dir.path() / "whole";
        CHECK(c.run({"--record", streamed.string()}, "a").exit_code == 0);
        CHECK(c.run({"--record", whole.string(), "--no-stream"}, "b").exit_code == 0);
        CHECK(c.server.chat_requests().back().body["stream"] == false);
        REQUIRE(file_names(streamed) == file_names(whole));
        for (const std::string& name : file_names(streamed)) {
            const Json a = Json::parse(*rtlduet::util::read_file(streamed / name));
            const Json b = Json::parse(*rtlduet::util::read_file(whole / name));
            if (!a.contains("reply")) {
                continue;  // the recording's options
            }
            // usage differs: the fake counts the request body, which says stream or not.
            for (const char* field : {"content", "reasoning", "finish_reason", "truncated"}) {
                CHECK(a["reply"][field] == b["reply"][field]);
            }
        }
        const int asked = static_cast<int>(c.server.chat_requests().size());
        CHECK(c.run({"--replay", streamed.string(), "--no-stream"}, "c").exit_code == 0);
        CHECK(static_cast<int>(c.server.chat_requests().size()) == asked);
    }

    TEST_CASE("an error event mid-stream is a failed request that is retried") {
        const Json broken = {{"content", kCounter}, {"stream", {{"error_after", 3}}}};
        StreamCase c(script(Json::array({broken}), Json::array()));
        const auto run = c.run();
        CHECK_MESSAGE(run.exit_code == 0, run.err);
        CHECK(c.chats("rtl") == 2);
        CHECK(run.err.find("the server reported an error mid-stream") != std::string::npos);
    }

    TEST_CASE("a stalled stream is retried after --stall-timeout, long before --request-timeout") {
        const Json stalled = {{"content", kCounter},
                              {"stream", {{"stall_after", 4}, {"stall_ms", 100000}}}};
        StreamCase c(script(Json::array({stalled}), Json::array()));
        const auto run = c.run({"--stall-timeout", "1", "--request-timeout", "90"});
        CHECK_MESSAGE(run.exit_code == 0, run.err);
        CHECK(run.err.find("stalled") != std::string::npos);
        // The log holds answered requests: the stalled one is still open, the retry answered.
        std::vector<double> rtl_arrivals;
        for (const auto& request : c.server.chat_requests()) {
            if (request.agent == "rtl") {
                rtl_arrivals.push_back(request.arrived_ms);
            }
        }
        REQUIRE(rtl_arrivals.size() == 1);
        CHECK(c.server.requests_seen() > static_cast<int>(c.server.requests().size()));
        // Stall time plus one backoff (at most 1 s), nowhere near the 90 s request timeout.
        CHECK(rtl_arrivals[0] < 30'000);
    }

    TEST_CASE("a server that holds its connections after a stop is found within the stall time") {
        const Json slow = {{"content", std::string(kCounter) + std::string(2000, ' ')},
                           {"stream", {{"chunk_delay_ms", 20}}}};
        StreamCase c(script(Json::array({slow}), Json::array({slow})));
        const auto started = Steady::now();
        auto pending = std::async(std::launch::async, [&] {
            return c.run({"--stall-timeout", "1", "--request-timeout", "90", "--retries", "0"});
        });
        while (c.server.max_concurrent() == 0 &&
               Steady::now() - started < std::chrono::seconds(60)) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        c.server.hold();
        const auto run = pending.get();
        const double seconds = std::chrono::duration<double>(Steady::now() - started).count();
        c.server.stop();
        CHECK(run.exit_code == 3);
        CHECK(run.err.find("stalled") != std::string::npos);
        CHECK(seconds < 45);  // the 90 s request timeout never ran out
        auto report = rtlduet::util::read_file(c.dir.path() / "out" / "report.json");
        REQUIRE(report);
        CHECK(Json::parse(*report)["complete"] == false);
    }

    TEST_CASE("in a pipe, one line per finished request") {
        StreamCase c(script(Json::array(), Json::array()));
        const auto run = c.run();
        CHECK(run.exit_code == 0);
        CHECK(run.err.find("llm rtl slot 1: answered after") != std::string::npos);
        CHECK(run.err.find("llm model slot 1: answered after") != std::string::npos);
        CHECK(run.err.find("\x1b[K") == std::string::npos);
    }

    TEST_CASE("on a terminal, progress shows within 1 s of the first request and updates") {
        const Json slow = {{"content", std::string(kCounter) + std::string(1200, ' ')},
                           {"stream", {{"chunk_delay_ms", 10}}}};
        StreamCase c(script(Json::array({slow}), Json::array({slow})));
        std::vector<std::string> argv = {"/usr/bin/python3",
                                         source_path("tests/support/pty_run.py").string(),
                                         RTLDUET_BIN};
        for (std::string& arg : c.args({})) {
            argv.push_back(std::move(arg));
        }
        const auto run =
            rtlduet::testing::run_program(argv, c.dir.path(), std::chrono::seconds(120));
        REQUIRE(run.exit_code == 0);
        std::optional<double> first_progress;
        std::set<std::string> token_counts;
        int exit_code = -1;
        std::istringstream in(run.out);
        for (std::string line; std::getline(in, line);) {
            const Json chunk = Json::parse(line);
            if (chunk.contains("exit")) {
                exit_code = chunk["exit"];
                continue;
            }
            const std::string text = chunk["text"];
            if (!first_progress && text.find("in flight") != std::string::npos) {
                first_progress = chunk["t"].get<double>();
            }
            for (std::size_t at = text.find("rtl: "); at != std::string::npos;
                 at = text.find("rtl: ", at + 1)) {
                const auto tokens = text.find(" tokens", at);
                const auto comma = text.rfind(", ", tokens);
                if (tokens != std::string::npos && comma != std::string::npos && comma > at) {
                    token_counts.insert(text.substr(comma + 2, tokens - comma - 2));
                }
            }
        }
        CHECK(exit_code == 0);
        const auto requests = c.server.chat_requests();
        REQUIRE_FALSE(requests.empty());
        REQUIRE(first_progress);
        // Both clocks are CLOCK_MONOTONIC: the server's arrivals are relative to its start.
        const double server_start =
            std::chrono::duration<double>(c.server_started.time_since_epoch()).count();
        const double first_request = server_start + requests.front().arrived_ms / 1000.0;
        CHECK(*first_progress - first_request < 1.0);
        CHECK(token_counts.size() >= 3);  // redrawn while the tokens stream
    }
}
