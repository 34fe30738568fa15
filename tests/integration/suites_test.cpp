// `rtlduet score` through the binary on RTLLM 2.0 and ChipBench: golden references in each
// layout (renamed as the layout requires), RTLLM's pass line and data files, the testbench
// compatibility copy and the Verilator fallback, errata with reasons, and ChipBench's hierarchical
// candidates kept apart from the reference (a wrong, missing or clashing submodule fails).
#include <map>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "support/run_binary.h"
#include "util/files.h"
#include "util/temp_dir.h"

using nlohmann::json;
using rtlduet::testing::run_rtlduet;
using rtlduet::testing::shared_path;
namespace fs = std::filesystem;

namespace {

const std::string kNotSelfContain =
    shared_path("chipbench-verilog-gen/dataset_not_self_contain").string();
const std::string kComparison = "Prob001_submodules_to_implement_comparison_of_three_input_numbers";

std::string cache_dir() {
    return (fs::temp_directory_path() / "rtlduet-suites-test-cache").string();
}

std::string read(const fs::path& path) {
    auto text = rtlduet::util::read_file(path);
    REQUIRE(text);
    return *text;
}

struct Scored {
    rtlduet::testing::BinaryRun run;
    json summary;
    std::map<std::string, json> by_key;  // "<problem>/<sample>"
};

Scored score(const rtlduet::util::TempDir& dir, std::vector<std::string> args) {
    const fs::path summary = dir.path() / "summary.json";
    args.insert(args.begin(), "score");
    args.insert(args.end(), {"--jobs", "2", "--cache-dir", cache_dir(), "--json", summary.string(),
                             "--junit", (dir.path() / "score.xml").string()});
    Scored scored{.run = run_rtlduet(args, dir.path(), std::chrono::seconds(600))};
    REQUIRE_MESSAGE(scored.run.exit_code == 0, scored.run.err);
    scored.summary = json::parse(read(summary));
    for (const json& r : scored.summary.at("results")) {
        scored.by_key[r.at("problem").get<std::string>() + "/" +
                      std::to_string(r.at("sample").get<int>())] = r;
    }
    return scored;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const std::size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

}  // namespace

TEST_SUITE("integration.suites") {
    TEST_CASE("RTLLM golden references: third names, data files, break fixed, errata listed") {
        auto dir = rtlduet::util::TempDir::create("rtlduet-suites-test-");
        REQUIRE(dir);
        const Scored scored = score(
            *dir,
            {"--suite", shared_path("rtllm-2.0").string(), "--golden", "--problems",
             "accu,adder_pipe_64bit,multi_pipe_4bit,alu,asyn_fifo,ring_counter,clkgenerator"});
        for (const char* design :
             {"accu", "adder_pipe_64bit", "multi_pipe_4bit", "alu", "asyn_fifo"}) {
            const json& r = scored.by_key.at(std::string(design) + "/1");
            CHECK_MESSAGE(r.at("verdict") == "pass", design, ": ", r.dump());
            CHECK(r.at("simulator").get<std::string>().starts_with("iverilog"));
        }
        // The testbench races the design on a clock edge: Icarus fails it, Verilator decides.
        const json& clock = scored.by_key.at("clkgenerator/1");
        CHECK(clock.at("verdict") == "pass");
        CHECK(clock.at("simulator").get<std::string>().starts_with("verilator"));
        const json& ring = scored.by_key.at("ring_counter/1");
        CHECK(ring.at("verdict") == "skipped");
        CHECK(ring.at("reason").get<std::string>().find("Cannot assign to array data") !=
              std::string::npos);
        CHECK(scored.summary.at("skipped_problems") == json::array({"ring_counter"}));
        std::map<std::string, json> errata;
        for (const json& erratum : scored.summary.at("problem_errata")) {
            errata[erratum.at("problem").get<std::string>()] = erratum;
        }
        REQUIRE(errata.size() == 3);
        CHECK(errata.at("ring_counter").at("handling") == "skipped");
        CHECK(errata.at("asyn_fifo").at("handling") == "worked around");
        CHECK(errata.at("asyn_fifo")
                  .at("reason")
                  .get<std::string>()
                  .find("break statements not supported") != std::string::npos);
        CHECK(scored.run.out.find("ring_counter (skipped): the testbench initialises") !=
              std::string::npos);
        CHECK(read(dir->path() / "score.xml").find("name=\"erratum asyn_fifo\"") !=
              std::string::npos);
    }

    TEST_CASE(
        "RTLLM: a wrong design fails, one named as the spec but not the testbench does not "
        "compile") {
        auto dir = rtlduet::util::TempDir::create("rtlduet-suites-test-");
        REQUIRE(dir);
        const fs::path accu = shared_path("rtllm-2.0/Arithmetic/Accumulator/accu");
        const std::string golden =
            replaced(read(accu / "verified_accu.v"), "verified_accu", "accu");
        REQUIRE(rtlduet::util::write_file(
            dir->path() / "s" / "accu_sample01.sv",
            replaced(golden, "data_out <= data_out + data_in", "data_out <= data_out - data_in")));
        REQUIRE(rtlduet::util::write_file(dir->path() / "s" / "accu_sample02.sv",
                                          replaced(golden, "module accu", "module accumulator")));
        const Scored scored =
            score(*dir, {"--suite", shared_path("rtllm-2.0").string(), "--samples",
                         (dir->path() / "s").string(), "--problems", "accu"});
        CHECK(scored.by_key.at("accu/1").at("verdict") == "fail");
        CHECK(scored.by_key.at("accu/2").at("verdict") == "compile_error");
        CHECK(scored.by_key.at("accu/2").at("reason") == "the sample defines no module accu");
    }

    TEST_CASE("ChipBench hierarchical: a wrong, missing or clashing submodule fails") {
        auto dir = rtlduet::util::TempDir::create("rtlduet-suites-test-");
        REQUIRE(dir);
        const std::string golden = replaced(
            read(fs::path(kNotSelfContain) / (kComparison + "_ref.sv")), "RefModule", "TopModule");
        const std::string slave = golden.substr(golden.find("module slave_mod"));
        const std::map<int, std::string> samples = {
            {1, golden},
            {2, replaced(golden, "if(a>b)", "if(a<b)")},  // slave_mod outputs the larger value
            {3, golden.substr(0, golden.find("module slave_mod"))},
            {4, golden + "\nmodule stimulus_gen(); endmodule\n"},
            {5, golden + "\n" + slave}};
        for (const auto& [sample, code] : samples) {
            REQUIRE(rtlduet::util::write_file(
                dir->path() / "s" / (kComparison + "_sample0" + std::to_string(sample) + ".sv"),
                code));
        }
        const Scored scored = score(*dir, {"--suite", kNotSelfContain, "--samples",
                                           (dir->path() / "s").string(), "--problems", "Prob001*"});
        const auto result = [&](int sample) {
            return scored.by_key.at(kComparison + "/" + std::to_string(sample));
        };
        CHECK(result(1).at("verdict") == "pass");
        CHECK(result(2).at("verdict") == "fail");
        CHECK(result(3).at("verdict") == "compile_error");
        CHECK(result(4).at("verdict") == "compile_error");
        CHECK(result(4).at("reason").get<std::string>().find(
                  "module stimulus_gen of the candidate (line") != std::string::npos);
        CHECK(result(4).at("reason").get<std::string>().find(kComparison + "_test.sv:") !=
              std::string::npos);
        CHECK(result(5).at("reason").get<std::string>().starts_with(
            "module slave_mod is defined twice in the candidate"));
    }

    TEST_CASE("ChipBench: testbench macros reach the candidate, provided submodules get a copy") {
        auto dir = rtlduet::util::TempDir::create("rtlduet-suites-test-");
        REQUIRE(dir);
        const Scored cpu =
            score(*dir, {"--suite", shared_path("chipbench-verilog-gen/dataset_cpu_ip").string(),
                         "--golden", "--problems", "Prob006*,Prob007*"});
        CHECK(cpu.summary.at("verdicts").at("pass") == 2);
        CHECK(cpu.summary.at("per_problem")[0].at("note").get<std::string>().find("`RegBus") !=
              std::string::npos);
        const Scored provided =
            score(*dir, {"--suite", kNotSelfContain, "--golden", "--problems", "Prob002*"});
        CHECK(provided.summary.at("verdicts").at("pass") == 1);
        CHECK(provided.summary.at("per_problem")[0].at("note").get<std::string>().find(
                  "instantiates decoder_38 as the prompt provides it") != std::string::npos);
    }
}
