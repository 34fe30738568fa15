// `rtlduet run` through the binary against the scripted fake endpoint: a pair that agrees on
// the run's simulator counts only once the other simulator agrees too; a simulator-dependent
// design goes back to the Verilog writer as a portability problem; the final design's builds
// and synthesis are in report.json.
#include <algorithm>

#include <doctest/doctest.h>
#include <fmt/format.h>
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

const char* const kPortable = rtlduet::testing::kCounterRight;

// Icarus 11 asks for an explicit cast on the enum-typed assignment; Verilator takes it.
const char* kEnumNeedsCast = R"(```verilog
module TopModule (input clk, input reset, input enable, output reg [3:0] count);
  typedef enum logic [0:0] {HOLD, COUNT} mode_t;
  mode_t mode;
  always @* mode = enable ? COUNT : HOLD;
  always @(posedge clk) begin
    if (reset) count <= 4'd0;
    else if (mode == COUNT) count <= count + 4'd1;
  end
endmodule
```)";

// `drift` has neither a reset nor an initial value: 0 under Verilator, X under Icarus.
const char* kUnresetDrift = R"(```verilog
module TopModule (input clk, input reset, input enable, output [3:0] count);
  reg [3:0] steps;
  reg [3:0] drift;
  always @(posedge clk) begin
    if (reset) steps <= 4'd0;
    else if (enable) steps <= steps + 4'd1;
    drift <= drift;
  end
  assign count = steps ^ drift;
endmodule
```)";

// A blocking reset next to a non-blocking count: Icarus takes it, Verilator 5 refuses it
// ("Unsupported: Blocked and non-blocking assignments to same variable").
const char* kVerilatorUnsupported = R"(```verilog
module TopModule (input clk, input reset, input enable, output reg [3:0] count);
  always @(posedge clk) begin
    if (reset) count = 4'd0;
    else if (enable) count <= count + 4'd1;
  end
endmodule
```)";

const char* const kModel = rtlduet::testing::kCounterModel;

// Counts by two: disagrees with every counter design.
const std::string kCountsByTwo = [] {
    std::string model = kModel;
    const std::string step = "self.count + 1";
    return model.replace(model.find(step), step.size(), "self.count + 2");
}();

Json replies(const char* agent, const std::vector<const char*>& texts) {
    Json list = Json::array();
    for (const char* text : texts) {
        list.push_back({{"content", text}});
    }
    return {{"agent", agent}, {"replies", list}, {"then", "repeat"}};
}

struct ConfirmRun {
    rtlduet::util::TempDir dir = std::move(*rtlduet::util::TempDir::create("rtlduet-confirm-"));
    rtlduet::fake_llm::FakeLlmServer server;
    rtlduet::testing::BinaryRun run;
    Json report;

    ConfirmRun(const std::vector<const char*>& rtl, const std::vector<std::string>& extra,
               const char* model = kModel,
               const std::string& spec = source_path("benchmarks/examples/counter/spec.txt")) {
        const Json script = {
            {"rules", Json::array({replies("rtl", rtl), replies("model", {model})})}};
        REQUIRE(server.load_script(script.dump()));
        REQUIRE(server.start());
        std::vector<std::string> args = {
            "run", spec, "--endpoint", server.base_url(), "--out", (dir.path() / "out").string()};
        if (std::find(extra.begin(), extra.end(), "-n") == extra.end()) {
            args.insert(args.end(), {"-n", "1"});
        }
        args.insert(args.end(), extra.begin(), extra.end());
        run = run_rtlduet(args, dir.path(), std::chrono::seconds(300));
        auto text = rtlduet::util::read_file(dir.path() / "out" / "report.json");
        REQUIRE_MESSAGE(text, run.err);
        report = Json::parse(*text);
    }

    // The last user message of each successful request of `agent`.
    std::vector<std::string> messages_to(const std::string& agent) {
        std::vector<std::string> last;
        for (const auto& request : server.chat_requests()) {
            if (request.agent == agent && request.status == 200) {
                last.push_back(request.body["messages"].back()["content"]);
            }
        }
        return last;
    }
};

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::string fenced(const char* language, const std::string& path) {
    return fmt::format("```{}\n{}```", language, *rtlduet::util::read_file(source_path(path)));
}

}  // namespace

TEST_SUITE("integration.run_confirm") {
    TEST_CASE("a design only Verilator builds is no agreement and the writer hears why") {
        ConfirmRun c({kEnumNeedsCast, kPortable}, {"-t", "2", "--sim", "verilator"});
        CHECK_MESSAGE(c.run.exit_code == 0, c.run.err);
        const Json& first = c.report["turns"][0]["pairs"][0];
        CHECK(first["verdict"] == "simulator_dependent");
        CHECK(first["match_rate"] == 1.0);  // Verilator alone agrees on every row
        const auto to_rtl = c.messages_to("rtl");
        REQUIRE(to_rtl.size() == 2);
        CHECK(contains(to_rtl[1], "Portability problem"));
        CHECK(contains(to_rtl[1], "iverilog rejects it"));
        CHECK(contains(to_rtl[1], "explicit casts"));
        const auto to_model = c.messages_to("model");
        REQUIRE(to_model.size() == 2);
        CHECK(contains(to_model[1], "keep your model"));
        const Json& best = c.report["best_pair"];
        CHECK(best["turn"] == 2);
        CHECK(best["confirmation"]["status"] == "confirmed");
        CHECK(best["confirmation"]["backends"].size() == 2);
        CHECK(c.report["config"]["confirm"] == "other");
        const Json& final = c.report["final"];
        CHECK(final["compiles"]["verilator"] == true);
        CHECK(final["compiles"]["iverilog"] == true);
        CHECK(final["synthesis"]["clean"] == true);
        const Json& guided = best["guided_check"];
        CHECK(guided["verdict"] == "agree");
        CHECK(guided["coverage"]["lines"]["fraction"].get<double>() > 0.5);
        CHECK(guided["stimulus"]["rows"] == 1000);
        CHECK(contains(c.report["reproduce"], "--confirm other --guided on"));
    }

    TEST_CASE("a register that is X only under Icarus never makes the run agree") {
        ConfirmRun c({kUnresetDrift}, {"-t", "2", "--sim", "verilator"});
        CHECK(c.run.exit_code == 1);
        CHECK(c.report["verdict"] == "best-effort");
        const Json& best = c.report["best_pair"];
        CHECK(best["verdict"] == "simulator_dependent");
        CHECK(best["confirmation"]["difference"] == "x_on_one");
        CHECK(best["confirmation"]["decided_by"] == "verilator");
        CHECK(contains(c.report["reason"], "simulator-dependent"));
        const auto to_rtl = c.messages_to("rtl");
        REQUIRE(to_rtl.size() == 2);
        CHECK(contains(to_rtl[1], "give every register a reset value"));
        CHECK(contains(c.run.out + c.run.err, "simulator-dependent"));
    }

    TEST_CASE("--confirm none takes one simulator's word, and final says where it builds") {
        ConfirmRun c({kEnumNeedsCast}, {"-t", "1", "--sim", "verilator", "--confirm", "none"});
        CHECK(c.run.exit_code == 0);
        CHECK(c.report["best_pair"]["confirmation"]["status"] == "not_run");
        CHECK(c.report["config"]["confirm"] == "none");
        CHECK(c.report["final"]["compiles"]["verilator"] == true);
        CHECK(c.report["final"]["compiles"]["iverilog"] == false);
    }

    TEST_CASE("an unconfirmed final design is asked of Verilator through its lint") {
        // The model counts by two: no pair agrees, so nothing is confirmed and Verilator's
        // front end says whether the final design builds there.
        const std::vector<std::string> options = {"-t",       "1",        "--sim",
                                                  "iverilog", "--guided", "off"};
        ConfirmRun rejected({kVerilatorUnsupported}, options, kCountsByTwo.c_str());
        CHECK_MESSAGE(rejected.run.exit_code == 1, rejected.run.err);
        CHECK(rejected.report["best_pair"]["verdict"] == "disagree");
        CHECK(rejected.report["final"]["compiles"]["iverilog"] == true);
        CHECK(rejected.report["final"]["compiles"]["verilator"] == false);
        ConfirmRun accepted({kPortable}, options, kCountsByTwo.c_str());
        CHECK_MESSAGE(accepted.run.exit_code == 1, accepted.run.err);
        CHECK(accepted.report["final"]["compiles"]["iverilog"] == true);
        CHECK(accepted.report["final"]["compiles"]["verilator"] == true);
    }

    TEST_CASE("a design Verilator cannot build for its own limitation is decided by Icarus") {
        ConfirmRun c({kVerilatorUnsupported}, {"-t", "1", "--sim", "verilator"});
        CHECK_MESSAGE(c.run.exit_code == 0, c.run.err);
        CHECK(c.report["verdict"] == "agreed");
        CHECK(c.report["turns"][0]["rtl"][0]["repairs"] == 0);  // no repair asked for
        const Json& confirmation = c.report["best_pair"]["confirmation"];
        CHECK(confirmation["status"] == "fallback");
        CHECK(confirmation["decided_by"] == "iverilog");
        CHECK(contains(confirmation["why"], "Unsupported"));
        CHECK(c.report["final"]["compiles"]["verilator"] == false);
        CHECK(c.report["final"]["compiles"]["iverilog"] == true);
        // Without confirmation nothing may decide in Verilator's place: the writer must repair.
        ConfirmRun alone({kVerilatorUnsupported, kPortable},
                         {"-t", "1", "--sim", "verilator", "--confirm", "none"});
        CHECK(alone.run.exit_code == 0);
        CHECK(alone.report["turns"][0]["rtl"][0]["repairs"] == 1);
        CHECK(contains(alone.messages_to("rtl").at(1), "Unsupported"));
    }

    TEST_CASE("a pair the uniform rows agree on still needs the coverage-guided rows to agree") {
        // The watchdog mutant clears its alarm after two kicks instead of three; on seed 5 the
        // uniform rows never show it, the guided rows of `rtlduet crosscheck` do.
        const std::string dir = "tests/data/crosscheck/deep/watchdog/";
        const std::string mutant = fenced("verilog", dir + "mutants/clears_after_two.sv");
        const std::string model = fenced("python", dir + "model.py");
        const std::vector<std::string> options = {
            "-t", "1", "--seed", "5", "--interface", source_path(dir + "rtl.sv").string()};
        auto spec_dir = rtlduet::util::TempDir::create("rtlduet-watchdog-");
        REQUIRE(spec_dir);
        const std::string spec = (spec_dir->path() / "spec.txt").string();
        REQUIRE(rtlduet::util::write_file(
            spec,
            "Module name: TopModule. A watchdog: eight cycles in a row without kick raise "
            "alarm; the alarm clears only after kick has been high for three cycles in a "
            "row. Synchronous active-high reset clears everything.\n"));

        std::vector<std::string> off = options;
        off.insert(off.end(), {"--guided", "off"});
        ConfirmRun uniform({mutant.c_str()}, off, model.c_str(), spec);
        CHECK_MESSAGE(uniform.run.exit_code == 0, uniform.run.err);
        CHECK(uniform.report["config"]["guided"] == false);
        CHECK(contains(uniform.report["reproduce"], "--guided off"));

        ConfirmRun guided({mutant.c_str()}, options, model.c_str(), spec);
        CHECK_MESSAGE(guided.run.exit_code == 1, guided.run.err);
        CHECK(guided.report["config"]["guided"] == true);
        const Json& best = guided.report["best_pair"];
        CHECK(best["verdict"] == "disagree");
        CHECK(best["match_rate"].get<double>() < 1.0);
        CHECK(best["first_mismatch"]["signal"] == "alarm");
        CHECK(contains(guided.report["reason"], "coverage-guided rows"));
        CHECK(best["guided_check"]["verdict"] == "disagree");
        CHECK(uniform.report["best_pair"]["guided_check"].is_null());
        CHECK(contains(guided.report["reproduce"], "--guided on"));
        // Its reproduce command gives the same verdict.
        const auto again = run_rtlduet(
            {"crosscheck", "--rtl", source_path(dir + "mutants/clears_after_two.sv").string(),
             "--model", source_path(dir + "model.py").string(), "--seed", "5", "--json"});
        CHECK(Json::parse(again.out)["verdict"] == "disagree");
    }

    TEST_CASE("agreeing designs are checked in the turn's order until one holds; the rest wait") {
        // Three designs agree on Verilator; the one only Verilator builds is turned down by
        // confirmation, the first portable one after it passes both checks, and whatever
        // follows it is left unchecked: the turn has its agreement.
        std::string second_portable = kPortable;  // the same design in another text
        second_portable.insert(second_portable.rfind("endmodule"), "// the same design\n");
        ConfirmRun c({kEnumNeedsCast, kPortable, second_portable.c_str()},
                     {"-n", "3", "-t", "1", "--sim", "verilator"});
        CHECK_MESSAGE(c.run.exit_code == 0, c.run.err);
        const Json& best = c.report["best_pair"];
        CHECK(best["confirmation"]["status"] == "confirmed");
        CHECK(best["guided_check"]["verdict"] == "agree");
        CHECK(best["unchecked"] == false);
        const int chosen = best["rtl_slot"];
        int unchecked = 0;
        for (const Json& pair : c.report["turns"][0]["pairs"]) {
            const int slot = pair["rtl_slot"];
            CAPTURE(slot);
            if (slot < chosen) {  // only the design Verilator alone takes can come before it
                CHECK(pair["verdict"] == "simulator_dependent");
                CHECK(pair["unchecked"] == false);
            } else if (slot > chosen) {
                CHECK(pair["verdict"] == "agree");
                CHECK(pair["unchecked"] == true);
                ++unchecked;
            }
        }
        CHECK(unchecked >= 1);
    }

    TEST_CASE("with Icarus first, an agreement is confirmed on Verilator before it counts") {
        ConfirmRun c({kPortable}, {"-t", "1", "--sim", "iverilog"});
        CHECK(c.run.exit_code == 0);
        const Json& confirmation = c.report["best_pair"]["confirmation"];
        CHECK(confirmation["status"] == "confirmed");
        CHECK(confirmation["backends"][0]["simulator"] == "iverilog");
        CHECK(confirmation["backends"][1]["simulator"] == "verilator");
        CHECK(contains(c.report["reason"], "verilator agrees too"));
    }
}
