// `rtlduet run` through the binary against the scripted fake endpoint: convergence paths,
// repairs, an endpoint that is down, a 429 storm, and record/replay.
#include <chrono>
#include <csignal>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

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

const char* const kRight = rtlduet::testing::kCounterRight;

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

const char* const kModel = rtlduet::testing::kCounterModel;

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

// The reply with a comment no earlier test run wrote, after the fence line: the build cache
// (kept between test runs) has never seen the design, so every simulator compiles it.
Json unseen(const char* reply) {
    static const std::string tag =
        std::to_string(::getpid()) + "-" +
        std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
    std::string text = reply;
    text.insert(text.find('\n') + 1, "// unseen " + tag + "\n");
    return {{"content", text}};
}

Json script(Json rtl_rule, Json model_rule) {
    return Json{{"rules", Json::array({std::move(rtl_rule), std::move(model_rule)})}};
}

struct RunCase {
    rtlduet::util::TempDir dir;
    std::unique_ptr<rtlduet::fake_llm::FakeLlmServer> server;
    std::filesystem::path spec = source_path("benchmarks/examples/counter/spec.txt");

    explicit RunCase(const Json& script)
        : dir(std::move(*rtlduet::util::TempDir::create("rtlduet-run-"))) {
        server = std::make_unique<rtlduet::fake_llm::FakeLlmServer>();
        REQUIRE(server->load_script(script.dump()));
        REQUIRE(server->start());
    }

    rtlduet::testing::BinaryRun run(std::vector<std::string> extra = {}) {
        std::vector<std::string> args = {"run",        spec.string(),
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

    // The first message of every successful request of an agent (its system prompt).
    std::vector<std::string> system_messages(const std::string& agent) {
        std::vector<std::string> systems;
        for (const auto& request : server->chat_requests()) {
            if (request.agent == agent && request.status == 200) {
                systems.push_back(request.body["messages"].front()["content"]);
            }
        }
        return systems;
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
    TEST_CASE("a right first pair agrees on turn 1 and exits 0") {
        RunCase c(script(rule("rtl", {content(kRight)}), rule("model", {content(kModel)})));
        const auto run = c.run();
        CHECK(run.exit_code == 0);
        CHECK(run.out.find("verdict: agreed") != std::string::npos);
        const Json report = c.report();
        CHECK(report["verdict"] == "agreed");
        CHECK(report["schema"] == 2);
        CHECK(report["complete"] == true);
        CHECK(report["exit_code"] == 0);
        CHECK(report["turns"].size() == 1);
        CHECK(report["turns"][0]["turn"] == 1);
        CHECK(report["interface_source"] == "spec");
        CHECK(report["top"]["name"] == "TopModule");
        CHECK(report["best_pair"]["first_mismatch"].is_null());
        CHECK(report["best_pair"]["exercise"]["reset"]["released"] == true);
        CHECK(report["final"]["design"] == "TopModule.sv");
        CHECK(std::filesystem::exists(c.dir.path() / "out" / "TopModule.sv"));
        CHECK(std::filesystem::exists(c.dir.path() / "out" / "transcript.jsonl"));
    }

    TEST_CASE("report.json v2 names slots from 1, the LLM settings and the version") {
        RunCase c(script(rule("rtl", {content(kIgnoresEnable)}), rule("model", {content(kModel)})));
        const auto run = c.run({"--temperature", "0.3", "--llm", "scripted"});
        CHECK(run.exit_code == 1);
        const Json report = c.report();
        CHECK_FALSE(report["rtlduet_version"].get<std::string>().empty());
        CHECK(report["exit_code"] == 1);
        const Json& llm = report["config"]["llm"];
        CHECK(llm["rtl"]["endpoint"] == c.server->base_url());
        CHECK(llm["rtl"]["llm"] == "scripted");
        CHECK(llm["rtl"]["temperature"] == 0.3);
        CHECK(llm["model"]["max_tokens"].get<int>() > 0);
        const Json& turn = report["turns"][0];
        CHECK(turn["rtl"][0]["slot"] == 1);
        CHECK(turn["rtl"][0]["error"] == "");
        CHECK_FALSE(turn["rtl"][0].contains("problem"));
        CHECK(turn["rtl"][0]["file"] == "turns/1/rtl-1.sv");
        CHECK(turn["models"][0]["file"] == "turns/1/model-1.py");
        CHECK(turn["llm"]["rtl"]["requests"] == 1);
        const Json& pair = turn["pairs"][0];
        CHECK(pair["rtl_slot"] == 1);
        CHECK(pair["model_slot"] == 1);
        // Rows are counted as rows, values as values: never more mismatching rows than rows.
        CHECK(pair["compared_rows"].get<int>() ==
              pair["matching_rows"].get<int>() + pair["mismatching_rows"].get<int>());
        CHECK(pair["mismatching_values"].get<int>() >= pair["mismatching_rows"].get<int>());
        CHECK(pair["compared_rows"].get<int>() <= 1000);
        const Json& first = report["best_pair"]["first_mismatch"];
        CHECK(first["signal"] == "count");
        CHECK(first["inputs"].contains("enable"));
        CHECK_FALSE(first["xor"].get<std::string>().empty());
        CHECK_FALSE(first["differing_bits"].empty());
        const std::string reproduce = report["reproduce"];
        CHECK(reproduce.starts_with("rtlduet crosscheck --rtl "));
        CHECK(reproduce.find("--seed 1 --vectors 1000 --sim iverilog") != std::string::npos);
        const auto line = rtlduet::util::read_file(c.dir.path() / "out" / "transcript.jsonl");
        REQUIRE(line);
        const Json exchange = Json::parse(line->substr(0, line->find('\n')));
        CHECK((exchange["agent"] == "rtl" || exchange["agent"] == "model"));
        CHECK_FALSE(exchange.contains("role"));
        CHECK(exchange["turn"] == 1);
        CHECK(exchange["slot"] == 1);
    }

    TEST_CASE("a run that does not converge prints the command that reproduces its mismatch") {
        RunCase c(script(rule("rtl", {content(kIgnoresEnable)}), rule("model", {content(kModel)})));
        const auto run = c.run();
        CHECK(run.exit_code == 1);
        const std::string reproduce = c.report()["reproduce"];
        CHECK(run.out.find(reproduce) != std::string::npos);
        // The command reruns the final pair on the run's rows: the same match rate.
        std::vector<std::string> args;
        std::istringstream words(reproduce);
        for (std::string word; words >> word;) {
            args.push_back(word);
        }
        args.erase(args.begin());
        args.emplace_back("--json");
        const auto rerun = run_rtlduet(args, c.dir.path(), std::chrono::seconds(120));
        CHECK(rerun.exit_code == 1);
        const Json out = Json::parse(rerun.out);
        CHECK(out["match_rate"] == c.report()["best_pair"]["match_rate"]);
        CHECK(out["mismatches"][0]["row"] == c.report()["best_pair"]["first_mismatch"]["row"]);
    }

    TEST_CASE(
        "a run that does not converge shows its first mismatch, and --waveform writes its VCD") {
        RunCase c(script(rule("rtl", {content(kIgnoresEnable)}), rule("model", {content(kModel)})));
        const auto run = c.run({"--waveform"});
        CHECK(run.exit_code == 1);
        const Json report = c.report();
        const Json& first = report["best_pair"]["first_mismatch"];
        const std::string title = "first mismatch: row " + std::to_string(first["row"].get<int>());
        CHECK_MESSAGE(run.out.find(title) != std::string::npos, run.out);
        CHECK(run.out.find("| count ") != std::string::npos);
        CHECK(run.out.find("model_count") != std::string::npos);
        CHECK(run.out.find("\n  > ") != std::string::npos);
        CHECK(run.out.find("waveform.vcd") != std::string::npos);
        CHECK(report["final"]["waveform"] == "waveform.vcd");
        const auto vcd = rtlduet::util::read_file(c.dir.path() / "out" / "waveform.vcd");
        REQUIRE(vcd);
        CHECK(vcd->find("$scope module TopModule $end") != std::string::npos);
        CHECK(vcd->find(" model_count $end") != std::string::npos);
        CHECK(vcd->find(" mismatch $end") != std::string::npos);
        // The same file as crosscheck --vcd writes for the final pair on the same rows.
        std::string reproduce = report["reproduce"];
        std::vector<std::string> args;
        std::istringstream words(reproduce);
        for (std::string word; words >> word;) {
            args.push_back(word);
        }
        args.erase(args.begin());
        args.insert(args.end(), {"--vcd", (c.dir.path() / "again.vcd").string()});
        const auto rerun = run_rtlduet(args, c.dir.path(), std::chrono::seconds(120));
        CHECK(rerun.exit_code == 1);
        const auto again = rtlduet::util::read_file(c.dir.path() / "again.vcd");
        REQUIRE(again);
        CHECK(*again == *vcd);
    }

    TEST_CASE("a run without --waveform leaves no waveform, an earlier run's included") {
        RunCase c(script(rule("rtl", {content(kRight)}), rule("model", {content(kModel)})));
        std::filesystem::create_directories(c.dir.path() / "out");
        REQUIRE(rtlduet::util::write_file(c.dir.path() / "out" / "waveform.vcd", "old"));
        const auto run = c.run();
        CHECK(run.exit_code == 0);
        CHECK(run.out.find("first mismatch") == std::string::npos);
        CHECK_FALSE(std::filesystem::exists(c.dir.path() / "out" / "waveform.vcd"));
        CHECK(c.report()["final"]["waveform"].is_null());
    }

    TEST_CASE("a wrong candidate is caught, the feedback is sent, and turn 2 converges") {
        RunCase c(script(rule("rtl", {unseen(kIgnoresEnable), unseen(kRight)}),
                         rule("model", {content(kModel)})));
        const auto run = c.run();
        CHECK(run.exit_code == 0);
        const Json report = c.report();
        CHECK(report["turns"].size() == 2);
        CHECK(report["best_pair"]["turn"] == 2);
        CHECK(report["turns"][0]["pairs"][0]["verdict"] == "disagree");
        // Both turns' designs are kept, the first one ignoring the enable.
        const auto first = rtlduet::util::read_file(c.dir.path() / "out" / "turns/1/rtl-1.sv");
        const auto second = rtlduet::util::read_file(c.dir.path() / "out" / "turns/2/rtl-1.sv");
        REQUIRE(first);
        REQUIRE(second);
        CHECK(first->find("else count <= count") != std::string::npos);
        CHECK(second->find("else if (enable)") != std::string::npos);
        // Icarus compiles each new design it simulates, one per turn here; the agreement of
        // turn 2 is confirmed on Verilator, another compile of a design never seen.
        CHECK(report["turns"][0]["sim_builds"] == 1);
        CHECK(report["turns"][1]["sim_builds"] == 2);
        CHECK(report["totals"]["sim_builds"] == 3);
        const auto messages = c.rtl_messages();
        REQUIRE(messages.size() == 2);
        CHECK(messages[1].find("Either side may be wrong") != std::string::npos);
        CHECK(messages[1].find("output `count`") != std::string::npos);
        CHECK(messages[1].find("- row ") != std::string::npos);
        CHECK(messages[1].find("vector") == std::string::npos);
    }

    TEST_CASE("a run that never converges keeps the best pair and exits 1") {
        RunCase c(script(rule("rtl", {content(kIgnoresEnable)}), rule("model", {content(kModel)})));
        const auto run = c.run();
        CHECK(run.exit_code == 1);
        const Json report = c.report();
        CHECK(report["verdict"] == "best-effort");
        CHECK(report["complete"] == true);
        CHECK(report["turns"].size() == 3);
        CHECK(report["reason"].get<std::string>().find("no pair agreed in 3 turns") !=
              std::string::npos);
        CHECK(report["best_pair"]["match_rate"].get<double>() < 1.0);
        CHECK(std::filesystem::exists(c.dir.path() / "out" / "TopModule.sv"));
    }

    TEST_CASE("a candidate that does not compile gets a repair request with the error") {
        RunCase c(script(rule("rtl", {content(kSyntaxError), unseen(kRight)}),
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
        CHECK(c.report()["turns"][0]["rtl"][0]["repairs"] == 1);
        // Lint refused the broken reply before the simulator saw it: only the repair built,
        // on Icarus and on Verilator for the agreement's confirmation.
        CHECK(c.report()["totals"]["sim_builds"] == 2);
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
        // The agreement's confirmation on Icarus compiles the first time only, too.
        CHECK(builds == std::vector<int>{2, 0});
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
        CHECK(run.err.find("no LLM server answers at http://127.0.0.1:9/v1") != std::string::npos);
        // One check up front, not a retry loop per request, and a way forward.
        CHECK(run.err.find("retrying") == std::string::npos);
        CHECK(run.err.find("--replay") != std::string::npos);
        CHECK(run.err.find("rtlduet doctor") != std::string::npos);
        // The report says so too: failed before any turn.
        const auto text = rtlduet::util::read_file(dir->path() / "out" / "report.json");
        REQUIRE(text);
        const Json report = Json::parse(*text);
        CHECK(report["complete"] == false);
        CHECK(report["exit_code"] == 3);
        CHECK(report["verdict"] == "failed");
        CHECK(report["turns"].empty());
        CHECK(report["reason"].get<std::string>().find("no LLM server answers") !=
              std::string::npos);
        CHECK(report["best_pair"].is_null());
    }

    TEST_CASE("Ctrl-C mid-turn leaves a report with the interrupted turn in it") {
        Json slow_model = content(kModel);
        slow_model["delay_ms"] = 60000;
        RunCase c(script(rule("rtl", {content(kRight)}), rule("model", {slow_model})));
        const auto out = c.dir.path() / "out";
        const pid_t pid = rtlduet::testing::spawn_rtlduet(
            {"run", source_path("benchmarks/examples/counter/spec.txt").string(), "-n", "1",
             "--sim", "iverilog", "--endpoint", c.server->base_url(), "--out", out.string()},
            c.dir.path());
        // The design's reply is in the transcript while the model's request still waits.
        const int status =
            rtlduet::testing::interrupt_after_first_line(pid, out / "transcript.jsonl", SIGINT);
        CHECK(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 130);
        const Json report = c.report();
        CHECK(report["complete"] == false);
        CHECK(report["exit_code"] == 130);
        REQUIRE(report["turns"].size() == 1);
        CHECK(report["reason"].get<std::string>().starts_with("turn 1: "));
        REQUIRE(report["turns"][0]["rtl"].size() == 1);
        CHECK(report["turns"][0]["rtl"][0]["file"] == "turns/1/rtl-1.sv");
        CHECK(std::filesystem::exists(out / "turns/1/rtl-1.sv"));
    }

    TEST_CASE("a failed run removes an earlier run's pair from --out") {
        RunCase good(script(rule("rtl", {content(kRight)}), rule("model", {content(kModel)})));
        REQUIRE(good.run().exit_code == 0);
        REQUIRE(std::filesystem::exists(good.dir.path() / "out" / "TopModule.sv"));
        REQUIRE(std::filesystem::exists(good.dir.path() / "out" / "turns/1/rtl-1.sv"));
        const auto run = run_rtlduet(
            {"run", source_path("benchmarks/examples/counter/spec.txt").string(), "--retries", "0",
             "--endpoint", "http://127.0.0.1:9/v1", "--out", (good.dir.path() / "out").string()},
            good.dir.path(), std::chrono::seconds(120));
        CHECK(run.exit_code == 3);
        CHECK_FALSE(std::filesystem::exists(good.dir.path() / "out" / "TopModule.sv"));
        CHECK_FALSE(std::filesystem::exists(good.dir.path() / "out" / "model.py"));
        CHECK_FALSE(std::filesystem::exists(good.dir.path() / "out" / "turns/1/rtl-1.sv"));
        CHECK(good.report()["verdict"] == "failed");
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

// A top named by the spec, with parameters and submodules (tests/data/run).
const char* kDelayLine = R"(```verilog
module dff_stage #(parameter WIDTH = 8) (
    input clk, input reset, input [WIDTH-1:0] d, output reg [WIDTH-1:0] q);
  always @(posedge clk) q <= reset ? {WIDTH{1'b0}} : d;
endmodule

module delay_line #(parameter WIDTH = 8, parameter STAGES = 3) (
    input clk, input reset, input [WIDTH-1:0] d, output [WIDTH-1:0] q, output odd);
  wire [WIDTH-1:0] taps [0:STAGES];
  assign taps[0] = d;
  genvar i;
  generate
    for (i = 0; i < STAGES; i = i + 1) begin : stage
      dff_stage #(.WIDTH(WIDTH)) u (.clk(clk), .reset(reset), .d(taps[i]), .q(taps[i + 1]));
    end
  endgenerate
  assign q = taps[STAGES];
  assign odd = ^q;
endmodule
```)";

const char* kDelayLineModel = R"(```python
class TopModule:
    def __init__(self, WIDTH=8, STAGES=3):
        self.mask = (1 << WIDTH) - 1
        self.stages = [0] * STAGES
    def outputs(self, inputs):
        q = self.stages[-1]
        return {"q": q, "odd": bin(q).count("1") & 1}
    def eval(self, inputs):
        if inputs["reset"]:
            self.stages = [0] * len(self.stages)
        else:
            self.stages = [inputs["d"] & self.mask] + self.stages[:-1]
        return self.outputs(inputs)
```)";

TEST_SUITE("integration.run.named") {
    TEST_CASE("a spec's \"Module name:\" top with parameters and submodules agrees as <top>.sv") {
        RunCase c(
            script(rule("rtl", {content(kDelayLine)}), rule("model", {content(kDelayLineModel)})));
        c.spec = source_path("tests/data/run/delay_line_spec.txt");
        const auto run = c.run({"--param", "STAGES=5"});
        CHECK_MESSAGE(run.exit_code == 0, (run.out + run.err));
        CHECK(run.err.find("top module: delay_line (from the spec: \"Module name:\")") !=
              std::string::npos);
        CHECK(run.out.find("/delay_line.sv, ") != std::string::npos);
        const Json report = c.report();
        CHECK(report["verdict"] == "agreed");
        CHECK(report["top"] == Json{{"name", "delay_line"}, {"source", "spec:module_name"}});
        CHECK(report["interface"]["module"] == "delay_line");
        // The candidate's own parameters are its choice; the run's interface keeps the override.
        CHECK(report["interface"]["parameters"] ==
              Json::array({Json{{"name", "STAGES"}, {"value", "5"}, {"overridden", true}}}));
        CHECK(std::filesystem::exists(c.dir.path() / "out" / "delay_line.sv"));
        CHECK_FALSE(std::filesystem::exists(c.dir.path() / "out" / "TopModule.sv"));
        const auto systems = c.system_messages("rtl");
        REQUIRE_FALSE(systems.empty());
        CHECK(systems[0].find("Deliver the module `delay_line`") != std::string::npos);
    }

    TEST_CASE("a spec that names no top takes the design's, and --top overrides the spec") {
        RunCase c(
            script(rule("rtl", {content(kDelayLine)}), rule("model", {content(kDelayLineModel)})));
        auto spec = rtlduet::util::TempDir::create("rtlduet-run-spec-");
        REQUIRE(spec);
        c.spec = spec->path() / "spec.txt";
        REQUIRE(rtlduet::util::write_file(c.spec,
                                          "Build a delay line of 3 stages, 8 bits wide, "
                                          "with a parity output odd.\n"));
        auto run = c.run();
        CHECK_MESSAGE(run.exit_code == 0, (run.out + run.err));
        CHECK(c.report()["top"] == Json{{"name", "delay_line"}, {"source", "design"}});
        CHECK(std::filesystem::exists(c.dir.path() / "out" / "delay_line.sv"));
        CHECK(c.system_messages("rtl")[0].find("Deliver the top module") != std::string::npos);
        run = c.run({"--top", "dff_stage"});
        CHECK(run.exit_code == 1);  // the model returns odd, which dff_stage lacks: no pair
        CHECK(c.report()["top"] == Json{{"name", "dff_stage"}, {"source", "option"}});
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
