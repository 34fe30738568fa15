#include <doctest/doctest.h>

#include "bench/score.h"
#include "util/files.h"
#include "util/temp_dir.h"

using namespace rtlduet;

namespace {

bench::Suite two_problem_suite() {
    bench::Suite suite{.name = "s"};
    suite.problems = {{.name = "P1"}, {.name = "P2"}};
    return suite;
}

}  // namespace

TEST_SUITE("bench.samples") {
    TEST_CASE("extracts the Verilog from a raw reply in JSONL") {
        auto dir = util::TempDir::create("rtlduet-samples-");
        REQUIRE(dir);
        const auto file = dir->path() / "samples.jsonl";
        REQUIRE(util::write_file(
            file,
            R"({"problem": "P1", "sample": 1, "completion": "Sure!\n```verilog\nmodule TopModule(output y);\n  assign y = 1;\nendmodule\n```\nDone."})"
            "\n\n"
            R"({"problem": "P2", "completion": "I cannot help with that."})"
            "\n"));
        auto samples = bench::load_samples(file, two_problem_suite());
        REQUIRE(samples);
        REQUIRE(samples->size() == 2);
        CHECK((*samples)[0].code.find("module TopModule") == 0);
        CHECK((*samples)[0].code.find("Sure") == std::string::npos);
        CHECK((*samples)[1].sample == 1);
        CHECK((*samples)[1].unusable_reason.has_value());
    }

    TEST_CASE("a malformed JSONL line is an input error with its line number") {
        auto dir = util::TempDir::create("rtlduet-samples-");
        REQUIRE(dir);
        const auto file = dir->path() / "samples.jsonl";
        REQUIRE(util::write_file(file,
                                 "{\"problem\": \"P1\", \"completion\": \"x\"}\n"
                                 "{\"problem\": \"P1\", \"completion\": \n"));
        auto samples = bench::load_samples(file, two_problem_suite());
        REQUIRE_FALSE(samples);
        CHECK(samples.error().kind == util::ErrorKind::Input);
        CHECK(samples.error().what().find("samples.jsonl:2:") != std::string::npos);
    }

    TEST_CASE("an unknown problem or a repeated sample is an input error") {
        auto dir = util::TempDir::create("rtlduet-samples-");
        REQUIRE(dir);
        const auto file = dir->path() / "samples.jsonl";
        REQUIRE(util::write_file(file, "{\"problem\": \"P7\", \"completion\": \"x\"}\n"));
        auto unknown = bench::load_samples(file, two_problem_suite());
        REQUIRE_FALSE(unknown);
        CHECK(unknown.error().what().find("P7") != std::string::npos);
        REQUIRE(util::write_file(file,
                                 "{\"problem\": \"P1\", \"sample\": 3, \"completion\": "
                                 "\"x\"}\n{\"problem\": \"P1\", \"sample\": 3, "
                                 "\"completion\": \"y\"}\n"));
        CHECK_FALSE(bench::load_samples(file, two_problem_suite()));
    }

    TEST_CASE("finds <problem>_sample<NN>.sv files below a directory") {
        auto dir = util::TempDir::create("rtlduet-samples-");
        REQUIRE(dir);
        REQUIRE(util::write_file(dir->path() / "a" / "P2_sample02.sv", "module TopModule;"));
        REQUIRE(util::write_file(dir->path() / "P1_sample01.sv", "module TopModule;"));
        REQUIRE(util::write_file(dir->path() / "notes.txt", "ignored"));
        auto samples = bench::load_samples(dir->path(), two_problem_suite());
        REQUIRE(samples);
        REQUIRE(samples->size() == 2);
        CHECK((*samples)[0].problem == "P1");
        CHECK((*samples)[1].problem == "P2");
        CHECK((*samples)[1].sample == 2);
    }

    TEST_CASE("reads an eval output directory") {
        auto dir = util::TempDir::create("rtlduet-samples-");
        REQUIRE(dir);
        REQUIRE(util::write_file(dir->path() / "results.jsonl", ""));
        REQUIRE(util::write_file(dir->path() / "P1" / "sample01" / "TopModule.sv",
                                 "module TopModule;"));
        REQUIRE(util::make_directories(dir->path() / "P2" / "sample03"));
        auto samples = bench::load_samples(dir->path(), two_problem_suite());
        REQUIRE(samples);
        REQUIRE(samples->size() == 2);
        CHECK((*samples)[0].code == "module TopModule;");
        CHECK((*samples)[1].sample == 3);
        CHECK((*samples)[1].unusable_reason.has_value());
    }
}
