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
}
