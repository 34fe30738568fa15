// integration/confirm_test.cpp: `rtlduet crosscheck` confirms an agreement on the second
// simulator: designs that only one simulator builds, shows as known, or finishes are
// simulator_dependent; a design one simulator cannot build for its own limitation is decided
// by the other; the power-up rule never lets an output that stays unknown agree; and
// --require-synth gates on the Yosys synthesis check.
#include <filesystem>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "support/run_binary.h"

namespace rtlduet::testing {
namespace {

using nlohmann::json;

json crosscheck_json(const std::string& pair, std::vector<std::string> extra, int expected_exit) {
    const std::string dir = "tests/data/crosscheck/handwritten/" + pair + "/";
    std::vector<std::string> args = {"crosscheck",
                                     "--rtl",
                                     source_path(dir + "rtl.sv").string(),
                                     "--model",
                                     source_path(dir + "model.py").string(),
                                     "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    const BinaryRun run = run_rtlduet(args, {}, std::chrono::seconds(300));
    const json out = json::parse(run.out, nullptr, false);
    REQUIRE_MESSAGE(!out.is_discarded(), (run.out + run.err));
    CHECK_MESSAGE(run.exit_code == expected_exit, out.dump(2));
    return out;
}

TEST_SUITE("integration.confirm") {
    TEST_CASE("an agreement is confirmed on the other simulator by default") {
        const json out = crosscheck_json("counter_agree", {"--vectors", "300"}, 0);
        CHECK(out["verdict"] == "agree");
        const json& confirmation = out["confirmation"];
        CHECK(confirmation["mode"] == "other");
        CHECK(confirmation["status"] == "confirmed");
        REQUIRE(confirmation["backends"].size() == 2);
        CHECK(confirmation["backends"][0]["simulator"] == "verilator");
        CHECK(confirmation["backends"][1]["simulator"] == "iverilog");
        CHECK(confirmation["backends"][1]["verdict"] == "agree");
    }

    TEST_CASE("a design only Verilator compiles is simulator_dependent, not an agreement") {
        const json out = crosscheck_json("enum_needs_cast", {}, 1);
        CHECK(out["verdict"] == "simulator_dependent");
        CHECK(out["confirmation"]["difference"] == "builds_on_one");
        CHECK(out["confirmation"]["why"].get<std::string>().find("explicit cast") !=
              std::string::npos);
        CHECK(out["confirmation"]["backends"][1]["built"] == false);
        const json alone = crosscheck_json("enum_needs_cast", {"--confirm", "none"}, 0);
        CHECK(alone["verdict"] == "agree");
        CHECK(alone["confirmation"]["status"] == "not_run");
    }

    TEST_CASE("a register that stays unknown under 4-state simulation is simulator_dependent") {
        for (const char* primary : {"verilator", "iverilog"}) {
            CAPTURE(primary);
            const json out = crosscheck_json("x_feedback", {"--sim", primary}, 1);
            CHECK(out["verdict"] == "simulator_dependent");
            CHECK(out["confirmation"]["difference"] == "x_on_one");
        }
    }

    TEST_CASE("an output that stays unknown for the whole run never agrees (power-up rule)") {
        const json out =
            crosscheck_json("x_feedback", {"--sim", "iverilog", "--confirm", "none"}, 1);
        CHECK(out["verdict"] == "disagree");
        CHECK(out["exercise"]["x_bits"].get<int>() > 0);
        CHECK(out["mismatches"][0]["rtl"] == "0xx");
    }

    TEST_CASE("an output unknown longer than the power-up grace is a mismatch") {
        const json out =
            crosscheck_json("late_known", {"--sim", "iverilog", "--confirm", "none"}, 1);
        CHECK(out["verdict"] == "disagree");
        CHECK(out["mismatches"][0]["signal"] == "sample");
        CHECK(out["exercise"]["first_compared_row"].get<int>() <= 33);
    }

    TEST_CASE("a design that hangs on one simulator only is simulator_dependent") {
        const json out = crosscheck_json("hang_dead_loop", {"--timeout", "3"}, 1);
        CHECK(out["verdict"] == "simulator_dependent");
        CHECK(out["confirmation"]["difference"] == "hangs_on_one");
        CHECK(out["confirmation"]["backends"][1]["failure"]["message"].get<std::string>().find(
                  "timed out") != std::string::npos);
    }

    TEST_CASE("a never-ending loop in logic that drives no output is a timeout on both") {
        const json out = crosscheck_json("dead_while_loop", {"--timeout", "3"}, 1);
        CHECK(out["verdict"] == "timeout");
        CHECK(out["timeout_stage"] == "run");
        CHECK(out["confirmation"]["status"] == "not_agreeing");
        for (const json& side : out["confirmation"]["backends"]) {
            CHECK(side["failure"]["message"].get<std::string>().find("timed out") !=
                  std::string::npos);
        }
    }

    TEST_CASE("a design Verilator cannot build (its limitation) is decided by Icarus") {
        const json out = crosscheck_json("verilator_unsupported", {}, 0);
        CHECK(out["verdict"] == "agree");
        CHECK(out["confirmation"]["status"] == "fallback");
        CHECK(out["confirmation"]["decided_by"] == "iverilog");
        CHECK(out["confirmation"]["why"].get<std::string>().find("Unsupported") !=
              std::string::npos);
        CHECK(out["simulator"] == "iverilog");
    }

    TEST_CASE("--require-synth makes a latch where combinational logic is asked an rtl_error") {
        const json gated = crosscheck_json("latch", {"--require-synth"}, 1);
        CHECK(gated["verdict"] == "rtl_error");
        CHECK(gated["reason"].get<std::string>().find("synthesis") != std::string::npos);
        REQUIRE(gated["synthesis"]["issues"].size() == 1);
        CHECK(gated["synthesis"]["issues"][0]["kind"] == "latch");
        CHECK(gated["synthesis"]["issues"][0]["signal"] == "q");
        const json ungated = crosscheck_json("latch", {}, 1);
        CHECK(ungated["synthesis"].is_null());
    }
}

}  // namespace
}  // namespace rtlduet::testing
