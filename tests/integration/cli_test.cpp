// The command-line shell through the built binary: version, help, usage errors, doctor.
#include <doctest/doctest.h>

#include "support/run_binary.h"

using rtlduet::testing::run_rtlduet;

TEST_SUITE("integration.cli") {
    TEST_CASE("--version prints the name and version and exits 0") {
        const auto run = run_rtlduet({"--version"});
        CHECK(run.exit_code == 0);
        CHECK(run.out.rfind("rtlduet ", 0) == 0);
    }

    TEST_CASE("an unknown subcommand or flag is a usage error with exit 2") {
        const auto unknown = run_rtlduet({"frobnicate"});
        CHECK(unknown.exit_code == 2);
        const auto bad_flag = run_rtlduet({"doctor", "--no-such-flag"});
        CHECK(bad_flag.exit_code == 2);
    }

    TEST_CASE("no subcommand prints help and exits 2") {
        const auto run = run_rtlduet({});
        CHECK(run.exit_code == 2);
        CHECK(run.err.find("Subcommands:") != std::string::npos);
    }

    TEST_CASE("doctor finds the simulators and proves the sandbox isolates") {
        const auto run = run_rtlduet({"doctor", "--json"});
        CHECK(run.exit_code == 0);
        CHECK(run.out.find("\"verilator\"") != std::string::npos);
        CHECK(run.out.find("\"iverilog\"") != std::string::npos);
        CHECK(run.out.find("\"python3\"") != std::string::npos);
        CHECK(run.out.find("\"sandbox network\"") != std::string::npos);
    }

    TEST_CASE("doctor exits 3 when an essential tool is missing") {
        const auto run = run_rtlduet({"--python", "/nonexistent/python3", "doctor"});
        CHECK(run.exit_code == 3);
        CHECK(run.out.find("missing") != std::string::npos);
        CHECK(run.err.find("essential") != std::string::npos);
    }

    TEST_CASE("a config file that is not JSON is an input error naming the file") {
        const auto spec = rtlduet::testing::source_path("README.md");
        const auto run = run_rtlduet({"--config", spec.string(), "doctor"});
        CHECK(run.exit_code == 2);
        CHECK(run.err.find("README.md") != std::string::npos);
    }
}
