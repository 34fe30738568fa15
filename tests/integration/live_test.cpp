// `rtlduet run` through the binary against the fake endpoint behaving as a real llama.cpp or
// vLLM server does (../shared/notes/llama-server-protocol.md): native fan-out and its
// fallback, context budgeting with both overflow forms, seeds, sampling sent explicitly.
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

namespace {

// Disagrees with the model on every turn (it ignores enable), so all turns run.
const char* kIgnoresEnable = R"(```verilog
module TopModule (input clk, input reset, input enable, output reg [3:0] count);
  always @(posedge clk) begin
    if (reset) count <= 4'd0;
    else count <= count + 4'd1;
  end
endmodule
```)";

const char* const kModel = rtlduet::testing::kCounterModel;

// A reply with `prose_chars` of explanation after the code, as chatty models write.
std::string long_reply(const char* code, std::size_t prose_chars) {
    std::string reply = std::string(code) + "\n\nExplanation:";
    while (reply.size() < prose_chars) {
        reply += " The counter advances on each rising clock edge unless reset is high.";
    }
    return reply;
}

Json script(const std::string& rtl, const std::string& model) {
    return {{"rules",
             {{{"agent", "rtl"}, {"replies", {{{"content", rtl}}}}},
              {{"agent", "model"}, {"replies", {{{"content", model}}}}}}}};
}

struct LiveCase {
    rtlduet::util::TempDir dir;
    rtlduet::fake_llm::FakeLlmServer server;

    LiveCase(const Json& script, rtlduet::fake_llm::ServerOptions options)
        : dir(std::move(*rtlduet::util::TempDir::create("rtlduet-live-"))),
          server(std::move(options)) {
        REQUIRE(server.load_script(script.dump()));
        REQUIRE(server.start());
    }

    rtlduet::testing::BinaryRun run(int n, int turns, std::vector<std::string> extra = {}) {
        std::vector<std::string> args = {
            "run",        source_path("benchmarks/examples/counter/spec.txt").string(),
            "-n",         std::to_string(n),
            "-t",         std::to_string(turns),
            "--sim",      "iverilog",
            "--endpoint", server.base_url(),
            "--out",      (dir.path() / "out").string()};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_rtlduet(args, dir.path(), std::chrono::seconds(300));
    }

    Json report() {
        auto text = rtlduet::util::read_file(dir.path() / "out" / "report.json");
        REQUIRE(text);
        return Json::parse(*text);
    }

    std::vector<Json> chat_bodies(const std::string& agent) {
        std::vector<Json> bodies;
        for (const auto& request : server.chat_requests()) {
            if (request.agent == agent) {
                bodies.push_back(request.body);
            }
        }
        return bodies;
    }

    int statuses(int status) {
        int count = 0;
        for (const auto& request : server.chat_requests()) {
            count += request.status == status ? 1 : 0;
        }
        return count;
    }
};

int total(const Json& report, const char* agent, const char* field) {
    int sum = 0;
    for (const Json& turn : report["turns"]) {
        sum += turn["llm"][agent][field].get<int>();
    }
    return sum;
}

}  // namespace

TEST_SUITE("integration.live") {
    TEST_CASE("--fanout native sends n, and an n over the slots falls back for the whole run") {
        LiveCase c(script(kIgnoresEnable, kModel), {.slots = 2});
        const auto run = c.run(3, 2, {"--fanout", "native"});
        CHECK(run.exit_code == 1);
        const auto rtl = c.chat_bodies("rtl");
        REQUIRE(rtl.size() >= 4);
        CHECK(rtl[0]["n"] == 3);
        // The refusal is remembered: nothing after it carries n.
        for (std::size_t i = 1; i < rtl.size(); ++i) {
            CHECK_FALSE(rtl[i].contains("n"));
        }
        CHECK(c.statuses(400) == 2);  // one per agent
        CHECK(run.err.find("the server refuses n=3") != std::string::npos);
        CHECK(c.report()["turns"].size() == 2);
    }

    TEST_CASE("--fanout native within the slot count is one request for all first samples") {
        LiveCase c(script(kIgnoresEnable, kModel), {.slots = 4});
        const auto run = c.run(3, 1, {"--fanout", "native"});
        CHECK(run.exit_code == 1);
        const auto rtl = c.chat_bodies("rtl");
        REQUIRE(rtl.size() == 1);
        CHECK(rtl[0]["n"] == 3);
        CHECK(c.report()["turns"][0]["llm"]["rtl"]["requests"] == 3);
        CHECK(c.statuses(400) == 0);
    }

    TEST_CASE("2 slots of 2048 tokens and long replies: every turn runs, the history shortened") {
        LiveCase c(script(long_reply(kIgnoresEnable, 2400), long_reply(kModel, 2400)),
                   {.slots = 2, .context = 2048});
        const auto run = c.run(3, 3, {"--max-inflight", "2"});
        CHECK_MESSAGE(run.exit_code == 1, run.err);
        const Json report = c.report();
        CHECK(report["turns"].size() == 3);
        CHECK(total(report, "rtl", "shortened") + total(report, "rtl", "restarted") > 0);
        CHECK(total(report, "model", "shortened") + total(report, "model", "restarted") > 0);
        // Every request fit: max_tokens was clamped to what the slot had left.
        CHECK(c.statuses(400) == 0);
        for (const Json& body : c.chat_bodies("rtl")) {
            CHECK(body["max_tokens"].get<int>() < 2048);
        }
    }

    TEST_CASE("a context larger than the server's: the 400 overflow is learnt from, not fatal") {
        LiveCase c(script(long_reply(kIgnoresEnable, 2400), long_reply(kModel, 2400)),
                   {.slots = 2, .context = 2048});
        const auto run = c.run(1, 3, {"--context", "16384"});
        CHECK_MESSAGE(run.exit_code == 1, run.err);
        CHECK(c.report()["turns"].size() == 3);
        CHECK(c.statuses(400) >= 1);
        CHECK(run.err.find("exceeds the available context size") != std::string::npos);
        CHECK(run.err.find("rejected the request") == std::string::npos);
    }

    TEST_CASE("the 500 'Context size has been exceeded.' of a shared cache is not retried") {
        LiveCase c(script(long_reply(kIgnoresEnable, 2400), long_reply(kModel, 2400)),
                   {.slots = 2, .context = 2048, .overflow_is_500 = true});
        const auto run = c.run(1, 3, {"--context", "16384"});
        CHECK_MESSAGE(run.exit_code == 1, run.err);
        CHECK(c.report()["turns"].size() == 3);
        const int overflows = c.statuses(500);
        CHECK(overflows >= 1);
        CHECK(overflows <= 6);  // a shrink per refusal, never a retry storm
        CHECK(run.err.find("retrying") == std::string::npos);
    }

    TEST_CASE("a spec that cannot fit even a fresh conversation is a clear exit 3") {
        LiveCase c(script(kIgnoresEnable, kModel), {.slots = 1, .context = 600});
        const auto run = c.run(1, 1);
        CHECK(run.exit_code == 3);
        CHECK(run.err.find("does not fit the server's context even started over") !=
              std::string::npos);
        CHECK(run.err.find("llama-server -c") != std::string::npos);
        CHECK(c.server.chat_requests().empty());
    }

    TEST_CASE("a reply cut by the slot is reported as such, not as max_tokens") {
        LiveCase c(script(long_reply(kIgnoresEnable, 20000), kModel),
                   {.slots = 1, .context = 4096});
        const auto run = c.run(1, 1, {"--context", "100000", "--max-tokens", "100000"});
        CHECK(run.err.find("reply cut by the slot's context") != std::string::npos);
        CHECK(run.err.find("truncated at max_tokens") == std::string::npos);
    }

    TEST_CASE("seeds go out in [1, 2^31-1] and the agents' top_k and min_p are sent") {
        LiveCase c(script(kIgnoresEnable, kModel), {});
        const auto run = c.run(2, 1, {"--seed", "4294967295"});
        CHECK(run.exit_code == 1);
        for (const auto& request : c.server.chat_requests()) {
            const auto seed = request.body["seed"].get<std::uint64_t>();
            CHECK(seed >= 1);
            CHECK(seed <= 2147483647u);
            CHECK(request.body["top_k"] == 40);
            CHECK(request.body["min_p"].get<double>() == doctest::Approx(0.05));
        }
    }
}
