// integration/crosscheck_test.cpp: `rtlduet crosscheck` through the built binary: exit codes,
// the --json object, --vcd and the text waveform, refused constructs, and VerilogEval v2 golden
// designs (agree on several seeds) and their mutants (disagree) against the Python models in
// tests/data.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
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

    TEST_CASE("--keep-work keeps the Verilator build with the rest of the work directory") {
        auto dir = util::TempDir::create("rtlduet-keep-work-test-");
        REQUIRE(dir);
        // A text no build has seen: the build runs instead of coming from the cache.
        const fs::path rtl = dir->path() / "rtl.sv";
        std::ofstream(rtl) << read_text(pair_path("counter_agree/rtl.sv")) << "\n// "
                           << dir->path().filename().string() << "\n";
        const BinaryRun run = run_rtlduet({"--keep-work", "crosscheck", "--rtl", rtl.string(),
                                           "--model", pair_path("counter_agree/model.py").string(),
                                           "--vectors", "100", "--json"});
        CHECK_MESSAGE(run.exit_code == 0, (run.out + run.err));
        const json out = json_of(run);
        REQUIRE(out.contains("work_dir"));
        const fs::path work = out["work_dir"].get<std::string>();
        std::vector<fs::path> unity_files;
        for (const auto& entry : fs::directory_iterator(work)) {
            if (entry.path().filename().string().starts_with("rtlduet-unity-")) {
                unity_files.push_back(entry.path() / "sim0.cpp");
            }
        }
        REQUIRE(unity_files.size() == 1);
        CHECK(fs::exists(unity_files.front()));
        CHECK(fs::exists(work / "rtl" / "obj" / "sim"));
        fs::remove_all(work);
    }

    TEST_CASE("leaves no orphan behind: the CPU time of every tool it ran is counted as its own") {
        // The sandbox's workers run the tools; a worker's time reaches rtlduet's wait4 (and
        // `time`, and the benchmarks) only when each process was waited for by its parent.
        const BinaryRun run = run_program(
            {"/usr/bin/python3", source_path("tests/support/count_orphans.py").string(),
             RTLDUET_BIN, "crosscheck", "--rtl", pair_path("counter_agree/rtl.sv").string(),
             "--model", pair_path("counter_agree/model.py").string(), "--vectors", "300"});
        CHECK_MESSAGE(run.exit_code == 0, (run.out + run.err));
        CHECK_MESSAGE(run.err.find("orphans 0 cpu") != std::string::npos, run.err);
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

    TEST_CASE("--vcd writes the same layout from Verilator and Icarus: design, model, mismatch") {
        auto dir = util::TempDir::create("rtlduet-vcd-test-");
        REQUIRE(dir);
        std::map<std::string, std::string> headers;
        for (const std::string sim : {"verilator", "iverilog"}) {
            CAPTURE(sim);
            const fs::path vcd = dir->path() / (sim + ".vcd");
            const BinaryRun run =
                crosscheck({"--rtl", pair_path("off_by_one_model/rtl.sv").string(), "--model",
                            pair_path("off_by_one_model/model.py").string(), "--sim", sim, "--seed",
                            "7", "--vectors", "40", "--confirm", "none", "--vcd", vcd.string()});
            CHECK_MESSAGE(run.exit_code == 1, (run.out + run.err));
            const std::string text = read_text(vcd);
            const auto end = text.find("$enddefinitions $end");
            REQUIRE(end != std::string::npos);
            headers[sim] = text.substr(0, end);
            CHECK(text.find("$timescale 1ns $end") != std::string::npos);
            CHECK(text.find("$scope module TopModule $end") != std::string::npos);
            for (const char* var : {" clk $end", " reset $end", " en $end", "4 $ q $end",
                                    "4 % model_q $end", "1 & mismatch $end", "integer 32 ' row"}) {
                CHECK_MESSAGE(text.find(var) != std::string::npos, var);
            }
            CHECK(text.find("rtlduet_tb") == std::string::npos);
            // The first mismatch is row 22's post-edge value: 10 ns a row, the edge at +5.
            const auto first_mark = text.find("\n1&\n");
            REQUIRE(first_mark != std::string::npos);
            const auto stamp = text.rfind('#', first_mark);
            CHECK(text.substr(stamp, text.find('\n', stamp) - stamp) == "#225");
            CHECK(text.ends_with("#400\n"));
        }
        CHECK(headers["verilator"] == headers["iverilog"]);
    }

    TEST_CASE("--vcd with --batch-rtl writes one VCD per design, numbered in order") {
        auto dir = util::TempDir::create("rtlduet-vcd-batch-test-");
        REQUIRE(dir);
        const fs::path second = dir->path() / "second.sv";
        fs::copy_file(pair_path("counter_agree/rtl.sv"), dir->path() / "first.sv");
        fs::copy_file(pair_path("counter_agree/rtl.sv"), second);
        const BinaryRun run =
            crosscheck({"--rtl", (dir->path() / "first.sv").string(), "--batch-rtl",
                        second.string(), "--model", pair_path("counter_agree/model.py").string(),
                        "--vectors", "300", "--vcd", (dir->path() / "run.vcd").string()});
        CHECK_MESSAGE(run.exit_code == 0, (run.out + run.err));
        CHECK_FALSE(fs::exists(dir->path() / "run.vcd"));
        for (const char* name : {"run.1.vcd", "run.2.vcd"}) {
            CAPTURE(name);
            REQUIRE(fs::exists(dir->path() / name));
            CHECK(read_text(dir->path() / name).find("model_wrap") != std::string::npos);
            CHECK(run.err.find(name) != std::string::npos);
        }
    }

    TEST_CASE("a disagreement prints the first mismatch as a text waveform with its bits") {
        const BinaryRun run =
            crosscheck({"--rtl", pair_path("off_by_one_model/rtl.sv").string(), "--model",
                        pair_path("off_by_one_model/model.py").string(), "--seed", "7", "--vectors",
                        "40", "--confirm", "none"});
        CHECK(run.exit_code == 1);
        CHECK(run.out.find("first mismatch: row 22 post-edge, q is 0x0 in the design and 0xa "
                           "in the model (xor 0xa: bits 1, 3)") != std::string::npos);
        CHECK(run.out.find("| q     | model_q |") != std::string::npos);
        CHECK(run.out.find(">  22 post-edge |          | 0x0 * | 0xa     | q bits 1, 3") !=
              std::string::npos);
        CHECK(run.out.find("21 pre-edge  | 0     0  | 0x9   | 0x9") != std::string::npos);
    }

    TEST_CASE("a wide mismatch shows its differing bits, not two long hex numbers") {
        auto dir = util::TempDir::create("rtlduet-wide-test-");
        REQUIRE(dir);
        std::string model = read_text(pair_path("wide_100/model.py"));
        const std::string mix = "self.q ^ swap_halves(inputs[\"data\"])";
        REQUIRE(model.find(mix) != std::string::npos);
        // One bit of a 100-bit output wrong whenever data is odd.
        model.replace(model.find(mix), mix.size(), mix + " ^ ((inputs[\"data\"] & 1) << 70)");
        std::ofstream(dir->path() / "model.py") << model;
        const BinaryRun run = crosscheck({"--rtl", pair_path("wide_100/rtl.sv").string(), "--model",
                                          (dir->path() / "model.py").string(), "--vectors", "40",
                                          "--confirm", "none"});
        CHECK(run.exit_code == 1);
        CHECK(run.out.find("mix differs in bit 70") != std::string::npos);
        CHECK(run.out.find("(xor 0x4000..0000: bit 70)") != std::string::npos);
        const std::string table = run.out.substr(run.out.find("first mismatch:"));
        CHECK(table.find("mix bit 70") != std::string::npos);
        CHECK(table.find(" * ") != std::string::npos);
        for (std::size_t at = 0; (at = table.find("0x", at)) != std::string::npos; at += 2) {
            const auto end = table.find_first_of(" \n):", at);
            CHECK(end - at <= 18);  // no value of the table is longer than 16 digits
        }
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
