// integration/crosscheck_test.cpp: `rtlduet crosscheck` through the built binary: exit codes,
// the --json object, --vcd, refused constructs, and VerilogEval v2 golden designs (agree on
// several seeds) and their mutants (disagree) against the Python models in tests/data.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "support/run_binary.h"
#include "util/temp_dir.h"

namespace rtlduet::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

fs::path pair_path(const std::string& relative) {
    return source_path("tests/data/crosscheck/handwritten/" + relative);
}

BinaryRun crosscheck(std::vector<std::string> args) {
    args.insert(args.begin(), "crosscheck");
    return run_rtlduet(args, {}, std::chrono::seconds(300));
}

json json_of(const BinaryRun& run) {
    const json parsed = json::parse(run.out, nullptr, false);
    REQUIRE_MESSAGE(!parsed.is_discarded(), (run.out + run.err));
    return parsed;
}

std::string read_text(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

TEST_SUITE("integration.crosscheck") {
    TEST_CASE("exits 0 and prints a summary when the RTL and the model agree (Verilator)") {
        const BinaryRun run =
            crosscheck({"--rtl", pair_path("counter_agree/rtl.sv").string(), "--model",
                        pair_path("counter_agree/model.py").string(), "--vectors", "300"});
        CHECK_MESSAGE(run.exit_code == 0, (run.out + run.err));
        CHECK(run.out.starts_with("agree: "));
        CHECK(run.out.find("verilator") != std::string::npos);
    }

    TEST_CASE("prints one JSON object with the contract fields and exits 1 on disagreement") {
        const BinaryRun run =
            crosscheck({"--rtl", pair_path("off_by_one_model/rtl.sv").string(), "--model",
                        pair_path("off_by_one_model/model.py").string(), "--sim", "iverilog",
                        "--json", "--seed", "7", "--vectors", "200"});
        CHECK(run.exit_code == 1);
        const json out = json_of(run);
        CHECK(out["verdict"] == "disagree");
        CHECK(out["vectors"] == 200);
        CHECK(out["seed"] == 7);
        CHECK(out["simulator"] == "iverilog");
        CHECK(out["match_rate"].get<double>() < 1.0);
        CHECK(out["interface"]["clock"] == "clk");
        CHECK(out["interface"]["reset"]["name"] == "reset");
        REQUIRE_FALSE(out["mismatches"].empty());
        const json& first = out["mismatches"][0];
        for (const char* key :
             {"row", "signal", "inputs", "rtl", "model", "phase", "xor", "differing_bits"}) {
            CHECK_MESSAGE(first.contains(key), key);
        }
        CHECK(first["rtl"].get<std::string>().starts_with("0x"));
        CHECK(out["exercise"]["reset"]["released"] == true);
        CHECK(out["vacuous"] == false);
        CHECK(out["errors"].empty());
    }

    TEST_CASE("reports a model error with exit 1 and the row in the JSON errors") {
        const BinaryRun run = crosscheck({"--rtl", pair_path("model_errors/rtl.sv").string(),
                                          "--model", pair_path("model_errors/too_wide.py").string(),
                                          "--sim", "iverilog", "--json"});
        CHECK(run.exit_code == 1);
        const json out = json_of(run);
        CHECK(out["verdict"] == "model_error");
        REQUIRE(out["errors"].size() == 1);
        CHECK(out["errors"][0]["error"] == "too_wide");
        CHECK(out["errors"][0]["row"] == 0);
    }

    TEST_CASE("writes the waveform of the run with --vcd") {
        auto dir = util::TempDir::create("rtlduet-vcd-test-");
        REQUIRE(dir);
        const fs::path vcd = dir->path() / "run.vcd";
        const BinaryRun run =
            crosscheck({"--rtl", pair_path("async_reset/rtl.sv").string(), "--model",
                        pair_path("async_reset/model.py").string(), "--sim", "iverilog",
                        "--vectors", "50", "--vcd", vcd.string()});
        CHECK_MESSAGE(run.exit_code == 0, (run.out + run.err));
        REQUIRE(fs::exists(vcd));
        CHECK(read_text(vcd).find("$enddefinitions") != std::string::npos);
    }

    TEST_CASE("refuses each forbidden construct before simulating, naming the line") {
        const std::vector<std::pair<std::string, int>> cases = {
            {"system.sv", 3}, {"c_call.sv", 3},   {"dpi.sv", 2},
            {"fopen.sv", 3},  {"readmemh.sv", 3}, {"include.sv", 1}};
        for (const auto& [file, line] : cases) {
            CAPTURE(file);
            const BinaryRun run =
                crosscheck({"--rtl", pair_path("forbidden/" + file).string(), "--model",
                            pair_path("forbidden/model.py").string(), "--json"});
            CHECK(run.exit_code == 1);
            const json out = json_of(run);
            CHECK(out["verdict"] == "rtl_error");
            REQUIRE_FALSE(out["errors"].empty());
            CHECK(out["errors"][0]["kind"] == "refused");
            CHECK(out["errors"][0]["file"] == file);
            CHECK(out["errors"][0]["line"] == line);
        }
    }

    TEST_CASE("exits 2 naming the file when an input is missing or a flag is bad") {
        const BinaryRun missing = crosscheck({"--rtl", "/nonexistent/design.sv", "--model",
                                              pair_path("counter_agree/model.py").string()});
        CHECK(missing.exit_code == 2);
        CHECK(missing.err.find("/nonexistent/design.sv") != std::string::npos);
        const BinaryRun bad_sim =
            crosscheck({"--rtl", pair_path("counter_agree/rtl.sv").string(), "--model",
                        pair_path("counter_agree/model.py").string(), "--sim", "questa"});
        CHECK(bad_sim.exit_code == 2);
        const BinaryRun bad_reset =
            crosscheck({"--rtl", pair_path("counter_agree/rtl.sv").string(), "--model",
                        pair_path("counter_agree/model.py").string(), "--reset", "reset:sideways"});
        CHECK(bad_reset.exit_code == 2);
    }
}

}  // namespace
}  // namespace rtlduet::testing
