// `rtlduet run` through the binary against the scripted fake endpoint: convergence paths,
// repairs, an endpoint that is down, a 429 storm, and record/replay.
#include <fstream>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "fake_llm/fake_llm_server.h"
#include "support/run_binary.h"
#include "util/files.h"
#include "util/temp_dir.h"

using rtlduet::testing::run_rtlduet;
using rtlduet::testing::source_path;
using Json = nlohmann::json;

namespace {

const char* kRight = R"(```verilog
module TopModule (input clk, input reset, input enable, output reg [3:0] count);
  always @(posedge clk) begin
    if (reset) count <= 4'd0;
    else if (enable) count <= count + 4'd1;
  end
endmodule
```)";

const char* kIgnoresEnable = R"(```verilog
module TopModule (input clk, input reset, input enable, output reg [3:0] count);
  always @(posedge clk) begin
    if (reset) count <= 4'd0;
    else count <= count + 4'd1;
  end
endmodule
```)";

const char* kSyntaxError = R"(```verilog
module TopModule (input clk, input reset, input enable, output reg [3:0] count);
  always @(posedge clk) begin
    if (reset) count <= 4'd0
  end
endmodule
```)";

const char* kModel = R"(```python
class TopModule:
    def __init__(self):
        self.count = 0
    def outputs(self, inputs):
        return {"count": self.count}
    def eval(self, inputs):
        if inputs["reset"]:
            self.count = 0
        elif inputs["enable"]:
            self.count = (self.count + 1) & 0xF
        return {"count": self.count}
```)";

const char* kModelReturnsText = R"(```python
class TopModule:
    def eval(self, inputs):
        return {"count": "zero"}
```)";

Json rule(const char* agent, std::vector<Json> replies) {
    return {{"agent", agent}, {"replies", replies}, {"then", "repeat"}};
}

Json content(const char* text) {
    return {{"content", text}};
}

Json script(Json rtl_rule, Json model_rule) {
    return Json{{"rules", Json::array({std::move(rtl_rule), std::move(model_rule)})}};
}

struct RunCase {
    rtlduet::util::TempDir dir;
    std::unique_ptr<rtlduet::fake_llm::FakeLlmServer> server;

    explicit RunCase(const Json& script)
        : dir(std::move(*rtlduet::util::TempDir::create("rtlduet-run-"))) {
        server = std::make_unique<rtlduet::fake_llm::FakeLlmServer>();
        REQUIRE(server->load_script(script.dump()));
        REQUIRE(server->start());
    }

    rtlduet::testing::BinaryRun run(std::vector<std::string> extra = {}) {
        std::vector<std::string> args = {
            "run",        source_path("benchmarks/examples/counter/spec.txt").string(),
            "-n",         "1",
            "-t",         "3",
            "--sim",      "iverilog",
            "--retries",  "4",
            "--endpoint", server->base_url(),
            "--out",      (dir.path() / "out").string()};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_rtlduet(args, dir.path(), std::chrono::seconds(240));
    }

    Json report() {
        auto text = rtlduet::util::read_file(dir.path() / "out" / "report.json");
        REQUIRE(text);
        return Json::parse(*text);
    }

    std::vector<std::string> rtl_messages() {
        std::vector<std::string> last_user;
        for (const auto& request : server->chat_requests()) {
            if (request.agent == "rtl" && request.status == 200) {
                last_user.push_back(request.body["messages"].back()["content"]);
            }
        }
        return last_user;
    }
};

}  // namespace

TEST_SUITE("integration.run") {
    TEST_CASE("a right first pair agrees on turn 0 and exits 0") {
        RunCase c(script(rule("rtl", {content(kRight)}), rule("model", {content(kModel)})));
        const auto run = c.run();
        CHECK(run.exit_code == 0);
        CHECK(run.out.find("verdict: agreed") != std::string::npos);
        const Json report = c.report();
        CHECK(report["verdict"] == "agreed");
        CHECK(report["turns_used"] == 1);
        CHECK(report["interface_source"] == "spec");
        CHECK(std::filesystem::exists(c.dir.path() / "out" / "TopModule.sv"));
        CHECK(std::filesystem::exists(c.dir.path() / "out" / "transcript.jsonl"));
    }

    TEST_CASE("a wrong candidate is caught, the feedback is sent, and turn 2 converges") {
        RunCase c(script(rule("rtl", {content(kIgnoresEnable), content(kRight)}),
                         rule("model", {content(kModel)})));
        const auto run = c.run();
        CHECK(run.exit_code == 0);
        const Json report = c.report();
        CHECK(report["turns_used"] == 2);
        CHECK(report["turns"][0]["pairs"][0]["verdict"] == "disagree");
        // Icarus compiles every design it simulates, one per turn here.
        CHECK(report["turns"][0]["sim_builds"] == 1);
        CHECK(report["turns"][1]["sim_builds"] == 1);
        CHECK(report["totals"]["sim_builds"] == 2);
        const auto messages = c.rtl_messages();
        REQUIRE(messages.size() == 2);
        CHECK(messages[1].find("Either side may be wrong") != std::string::npos);
        CHECK(messages[1].find("output `count`") != std::string::npos);
    }

    TEST_CASE("a run that never converges keeps the best pair and exits 1") {
        RunCase c(script(rule("rtl", {content(kIgnoresEnable)}), rule("model", {content(kModel)})));
        const auto run = c.run();
        CHECK(run.exit_code == 1);
        const Json report = c.report();
        CHECK(report["verdict"] == "best-effort");
        CHECK(report["turns_used"] == 3);
        CHECK(report["best_pair"]["match_rate"].get<double>() < 1.0);
        CHECK(std::filesystem::exists(c.dir.path() / "out" / "TopModule.sv"));
    }

    TEST_CASE("a candidate that does not compile gets a repair request with the error") {
        RunCase c(script(rule("rtl", {content(kSyntaxError), content(kRight)}),
                         rule("model", {content(kModel)})));
        const auto run = c.run();
        CHECK(run.exit_code == 0);
        const auto messages = c.rtl_messages();
        REQUIRE(messages.size() == 2);
        CHECK(messages[1].find("does not pass the Verilog front end") != std::string::npos);
        // The error names the file as the agent knows it, not by its temporary path: the
        // request would differ from run to run and a recording of it could never replay.
        CHECK(messages[1].find("TopModule.sv:4:") != std::string::npos);
        CHECK(messages[1].find("/tmp") == std::string::npos);
        CHECK(c.report()["turns"][0]["rtl_candidates"][0]["repairs"] == 1);
        // Lint refused the broken reply before the simulator saw it: only the repair built.
        CHECK(c.report()["totals"]["sim_builds"] == 1);
    }

    TEST_CASE("a Verilator rerun of the same replies takes its build from the cache") {
        // A design no earlier test run built (the comment is unique), so the first run compiles.
        auto unique = rtlduet::util::TempDir::create("rtlduet-run-build-");
        REQUIRE(unique);
        std::string design = kRight;
        design.insert(design.find('\n') + 1, "// " + unique->path().filename().string() + "\n");
        RunCase c(script(rule("rtl", {content(design.c_str())}), rule("model", {content(kModel)})));
        // The Verilator runtime is built once per cache and kept for later test runs.
        const std::vector<std::string> env = {
            "XDG_CACHE_HOME=" +
            (std::filesystem::temp_directory_path() / "rtlduet-run-test-cache").string()};
        std::vector<int> builds;
        for (int run = 0; run < 2; ++run) {
            const auto done =
                run_rtlduet({"run", source_path("benchmarks/examples/counter/spec.txt").string(),
                             "-n", "1", "-t", "1", "--sim", "verilator", "--endpoint",
                             c.server->base_url(), "--out", (c.dir.path() / "out").string()},
                            c.dir.path(), std::chrono::seconds(600), env);
            REQUIRE_MESSAGE(done.exit_code == 0, done.err);
            builds.push_back(c.report()["totals"]["sim_builds"].get<int>());
        }
        CHECK(builds == std::vector<int>{1, 0});
    }

    TEST_CASE("a model that breaks the contract gets a repair request with the error") {
        RunCase c(script(rule("rtl", {content(kRight)}),
                         rule("model", {content(kModelReturnsText), content(kModel)})));
        const auto run = c.run();
        CHECK(run.exit_code == 0);
        CHECK(c.report()["turns"][0]["models"][0]["repairs"] == 1);
    }

    TEST_CASE("an endpoint that is down is an environment error with exit 3") {
        auto dir = rtlduet::util::TempDir::create("rtlduet-run-");
        REQUIRE(dir);
        const auto run = run_rtlduet(
            {"run", source_path("benchmarks/examples/counter/spec.txt").string(), "--retries", "1",
             "--endpoint", "http://127.0.0.1:9/v1", "--out", (dir->path() / "out").string()},
            dir->path(), std::chrono::seconds(120));
        CHECK(run.exit_code == 3);
        CHECK(run.err.find("127.0.0.1:9") != std::string::npos);
    }

    TEST_CASE("a storm of 429 replies with Retry-After is survived") {
        const Json busy = {{"status", 429}, {"retry_after", "0.2"}};
        RunCase c(script(rule("rtl", {busy, busy, busy, content(kRight)}),
                         rule("model", {content(kModel)})));
        const auto run = c.run();
        CHECK(run.exit_code == 0);
    }

    TEST_CASE("a recorded run replays with the same verdicts and no server") {
        RunCase c(script(rule("rtl", {content(kIgnoresEnable), content(kRight)}),
                         rule("model", {content(kModel)})));
        const auto recorded = c.run({"--record", (c.dir.path() / "rec").string()});
        REQUIRE(recorded.exit_code == 0);
        const Json first = c.report();
        c.server->stop();
        const auto replayed = c.run({"--replay", (c.dir.path() / "rec").string()});
        CHECK(replayed.exit_code == 0);
        const Json second = c.report();
        CHECK(second["verdict"] == first["verdict"]);
        CHECK(second["turns"][0]["pairs"] == first["turns"][0]["pairs"]);
        CHECK(second["turns"][1]["pairs"] == first["turns"][1]["pairs"]);
        // The recording keeps its options; a replay with others stops before any request.
        auto options = rtlduet::util::read_file(c.dir.path() / "rec" / "recording.json");
        REQUIRE(options);
        CHECK(Json::parse(*options)["runs"][0]["options"]["-n"] == "1");
        const auto other = c.run({"--replay", (c.dir.path() / "rec").string(), "--seed", "2"});
        CHECK(other.exit_code == 2);
        CHECK(other.err.find("recorded with --seed 1, now --seed 2") != std::string::npos);
    }
}

TEST_CASE("the bundled example replays offline and agrees on turn 2") {
    auto dir = rtlduet::util::TempDir::create("rtlduet-run-");
    REQUIRE(dir);
    const auto example = source_path("benchmarks/examples/counter");
    const auto run =
        run_rtlduet({"run", (example / "spec.txt").string(), "-n", "1", "-t", "3", "--sim",
                     "iverilog", "--replay", (example / "recording").string(), "--endpoint",
                     "http://127.0.0.1:9/v1", "--out", (dir->path() / "out").string()},
                    dir->path(), std::chrono::seconds(120));
    CHECK(run.exit_code == 0);
    CHECK(run.out.find("best match rate: 1.0000 after 2 turns") != std::string::npos);
}
