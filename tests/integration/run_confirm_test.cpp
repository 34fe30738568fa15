// `rtlduet run` through the binary against the scripted fake endpoint: a pair that agrees on
// the run's simulator counts only once the other simulator agrees too; a simulator-dependent
// design goes back to the Verilog writer as a portability problem; the final design's builds
// and synthesis are in report.json.
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

const char* const kModel = rtlduet::testing::kCounterModel;

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

    ConfirmRun(const std::vector<const char*>& rtl, const std::vector<std::string>& extra) {
        const Json script = {
            {"rules", Json::array({replies("rtl", rtl), replies("model", {kModel})})}};
        REQUIRE(server.load_script(script.dump()));
        REQUIRE(server.start());
        std::vector<std::string> args = {
            "run",        source_path("benchmarks/examples/counter/spec.txt").string(),
            "-n",         "1",
            "--endpoint", server.base_url(),
            "--out",      (dir.path() / "out").string()};
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
        CHECK(contains(c.report["reproduce"], "--confirm other --guided off"));
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
