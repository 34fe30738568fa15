#include "bench/suite.h"

#include <doctest/doctest.h>

#include "bench/score.h"
#include "support/run_binary.h"
#include "util/files.h"
#include "util/temp_dir.h"

using namespace rtlduet;
using rtlduet::testing::shared_path;

namespace {

void write(const std::filesystem::path& path, std::string_view text) {
    REQUIRE(util::write_file(path, text));
}

}  // namespace

TEST_SUITE("bench.suite") {
    TEST_CASE("loads both VerilogEval v2 datasets with 156 problems") {
        auto spec = bench::load_suite(shared_path("verilog-eval-v2/dataset_spec-to-rtl"));
        REQUIRE(spec);
        CHECK(spec->problems.size() == 156);
        CHECK(spec->name == "dataset_spec-to-rtl");
        auto complete =
            bench::load_suite(shared_path("verilog-eval-v2/dataset_code-complete-iccad2023"));
        REQUIRE(complete);
        CHECK(complete->problems.size() == 156);
        const bench::Problem* zero = complete->find("Prob001_zero");
        REQUIRE(zero != nullptr);
        CHECK(zero->ifc.has_value());
    }

    TEST_CASE("loads every ChipBench dataset") {
        for (const char* dataset :
             {"dataset_self_contain", "dataset_cpu_ip", "dataset_not_self_contain"}) {
            auto suite = bench::load_suite(shared_path("chipbench-verilog-gen") / dataset);
            REQUIRE_MESSAGE(suite, dataset);
            CHECK(!suite->problems.empty());
        }
    }

    TEST_CASE("a problem without its testbench is an input error naming the file") {
        auto dir = util::TempDir::create("rtlduet-suite-");
        REQUIRE(dir);
        write(dir->path() / "P1_prompt.txt", "x");
        write(dir->path() / "P1_ref.sv", "module RefModule(); endmodule");
        auto suite = bench::load_suite(dir->path());
        REQUIRE_FALSE(suite);
        CHECK(suite.error().kind == util::ErrorKind::Input);
        CHECK(suite.error().what().find("P1_test.sv") != std::string::npos);
    }

    TEST_CASE("suite.json names the suite and overrides problems") {
        auto dir = util::TempDir::create("rtlduet-suite-");
        REQUIRE(dir);
        for (const char* p : {"P1", "P2"}) {
            write(dir->path() / (std::string(p) + "_ref.sv"), "");
            write(dir->path() / (std::string(p) + "_test.sv"), "");
        }
        write(dir->path() / "suite.json",
              R"({"name": "mini", "license": "MIT", "errata": ["P1 is broken"],
                  "problems": {"P1": {"skip": "ports differ"},
                               "P2": {"simulator": "verilator", "note": "casts"}}})");
        auto suite = bench::load_suite(dir->path());
        REQUIRE(suite);
        CHECK(suite->name == "mini");
        CHECK(suite->errata.size() == 1);
        CHECK(suite->find("P1")->overrides.skip_reason == "ports differ");
        CHECK(suite->find("P2")->overrides.simulator == bench::Simulator::Verilator);
        write(dir->path() / "suite.json", R"({"problems": {"P9": {}}})");
        auto bad = bench::load_suite(dir->path());
        REQUIRE_FALSE(bad);
        CHECK(bad.error().what().find("suite.json") != std::string::npos);
    }

    TEST_CASE("selects problems by comma-separated globs") {
        auto suite = bench::load_suite(shared_path("verilog-eval-v2/dataset_spec-to-rtl"));
        REQUIRE(suite);
        CHECK(bench::select_problems(*suite, "Prob00[12]*,Prob156*").size() == 3);
        CHECK(bench::select_problems(*suite, "").size() == 156);
        CHECK(bench::select_problems(*suite, "nothing*").empty());
    }

    TEST_CASE("RTLLM 2.0: 50 design folders, tops from the testbench, references' third names") {
        const auto dir = shared_path("rtllm-2.0");
        auto suite = bench::load_suite(dir);
        REQUIRE(suite);
        CHECK(suite->format == bench::SuiteFormat::Rtllm);
        REQUIRE(suite->problems.size() == 50);
        const bench::Problem* accu = suite->find("accu");
        REQUIRE(accu != nullptr);
        CHECK(accu->top == "accu");
        CHECK(accu->ref_top == "verified_accu");
        CHECK(accu->prompt.filename() == "design_description.txt");
        CHECK(suite->find("adder_pipe_64bit")->ref_top == "verified_adder_64bit");
        CHECK(suite->find("multi_pipe_4bit")->ref_top == "verified_multi_pipe");
        CHECK(suite->find("asyn_fifo")->ref_top == "verified_asyn_fifo");
        CHECK(suite->find("fixed_point_substractor")->top == "fixed_point_subtractor");
        CHECK(suite->find("asyn_fifo")->data_files.size() == 3);
        CHECK(suite->find("alu")->data_files.at(0).filename() == "reference.dat");
        CHECK(suite->find("freq_divbyeven")
                  ->overrides.note.find("spec names module "
                                        "freq_diveven") != std::string::npos);
        CHECK(suite->find("radix2_div")->overrides.note.find("issue #20") != std::string::npos);
        auto forced = bench::load_suite(dir, bench::SuiteFormat::VerilogEval);
        REQUIRE_FALSE(forced);
        CHECK(forced.error().what().find("no problems") != std::string::npos);
    }

    TEST_CASE("formats: ChipBench detected by its dataset names; suite.json format and timeout") {
        auto chip = bench::load_suite(shared_path("chipbench-verilog-gen/dataset_cpu_ip"));
        REQUIRE(chip);
        CHECK(chip->format == bench::SuiteFormat::ChipBench);
        auto eval = bench::load_suite(shared_path("verilog-eval-v2/dataset_spec-to-rtl"));
        REQUIRE(eval);
        CHECK(eval->format == bench::SuiteFormat::VerilogEval);
        auto dir = util::TempDir::create("rtlduet-suite-");
        REQUIRE(dir);
        write(dir->path() / "P1_ref.sv", "");
        write(dir->path() / "P1_test.sv", "");
        write(dir->path() / "suite.json",
              R"({"format": "chipbench", "problems": {"P1": {"timeout": 2.5}}})");
        auto suite = bench::load_suite(dir->path());
        REQUIRE(suite);
        CHECK(suite->format == bench::SuiteFormat::ChipBench);
        CHECK(suite->find("P1")->overrides.timeout == std::chrono::milliseconds(2500));
        write(dir->path() / "suite.json", R"({"format": "vcs"})");
        auto bad = bench::load_suite(dir->path());
        REQUIRE_FALSE(bad);
        CHECK(bad.error().what().find("\"format\"") != std::string::npos);
    }
}
