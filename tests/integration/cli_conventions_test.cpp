// integration/cli_conventions_test.cpp: the command-line conventions through the built binary:
// unknown commands and options point the way out, `help CMD`, real ranges, missing ports and
// unknown config keys as usage errors, one --sim vocabulary, --samples in eval and score,
// TERM=dumb, and doctor's exit code matching its status column.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "support/run_binary.h"
#include "util/files.h"
#include "util/temp_dir.h"

namespace rtlduet::testing {
namespace {

namespace fs = std::filesystem;

const std::string kRtl = source_path("tests/data/crosscheck/handwritten/counter_agree/rtl.sv");
const std::string kModel = source_path("tests/data/crosscheck/handwritten/counter_agree/model.py");

bool has(const std::string& text, const std::string& needle) {
    return text.find(needle) != std::string::npos;
}

std::string show(const BinaryRun& run) {
    return "exit " + std::to_string(run.exit_code) + "\nstdout:\n" + run.out + "\nstderr:\n" +
           run.err;
}

BinaryRun crosscheck(std::vector<std::string> more) {
    std::vector<std::string> args = {"crosscheck", "--rtl", kRtl, "--model", kModel};
    args.insert(args.end(), more.begin(), more.end());
    return run_rtlduet(args);
}

TEST_SUITE("integration.cli") {
    TEST_CASE("an unknown command lists the commands and suggests the near one") {
        const auto unknown = run_rtlduet({"frobnicate"});
        CHECK(unknown.exit_code == 2);
        CHECK_MESSAGE(has(unknown.err, "unknown command 'frobnicate'"), show(unknown));
        CHECK(has(unknown.err, "crosscheck"));
        CHECK(has(unknown.err, "regress"));
        const auto typo = run_rtlduet({"evla"});
        CHECK(typo.exit_code == 2);
        CHECK_MESSAGE(has(typo.err, "did you mean 'eval'?"), show(typo));
    }

    TEST_CASE("a misspelled option suggests the near one, even before a missing required one") {
        const auto typo = crosscheck({"--vector", "5"});
        CHECK(typo.exit_code == 2);
        CHECK_MESSAGE(has(typo.err, "unknown option --vector; did you mean --vectors?"),
                      show(typo));
        const auto early = run_rtlduet({"crosscheck", "--rlt", kRtl, "--model", kModel});
        CHECK(early.exit_code == 2);
        CHECK_MESSAGE(has(early.err, "did you mean --rtl?"), show(early));
    }

    TEST_CASE("help CMD shows the command's options, the global ones and the program name") {
        const auto help = run_rtlduet({"help", "crosscheck"});
        CHECK_MESSAGE(help.exit_code == 0, show(help));
        CHECK(has(help.out, "Usage: rtlduet crosscheck"));
        CHECK(has(help.out, "--vectors"));
        CHECK(has(help.out, "Global options"));
        CHECK(has(help.out, "--config"));
        CHECK(!has(help.out, RTLDUET_BIN));
        const auto same = run_rtlduet({"crosscheck", "--help"});
        CHECK(same.out == help.out);
        CHECK(run_rtlduet({"help"}).exit_code == 0);
        const auto unknown = run_rtlduet({"help", "nosuch"});
        CHECK(unknown.exit_code == 2);
        CHECK(has(unknown.err, "commands: "));
    }

    TEST_CASE("numeric options name their real range and refuse signs") {
        for (const char* value : {"-5", "0", "1.5", "ten"}) {
            const auto run = crosscheck({"--vectors", value});
            CHECK(run.exit_code == 2);
            CHECK_MESSAGE(has(run.err, "from 1 to 10000000"), show(run));
            CHECK(!has(run.err, "1797"));
        }
        const auto seed = crosscheck({"--seed", "-1"});
        CHECK(seed.exit_code == 2);
        CHECK_MESSAGE(has(seed.err, "expected a whole number of at least 0, got '-1'"), show(seed));
        const auto turns = run_rtlduet({"run", kRtl, "-t", "0"});
        CHECK(turns.exit_code == 2);
        CHECK_MESSAGE(has(turns.err, "from 1 to 20"), show(turns));
        const auto timeout = crosscheck({"--timeout", "0"});
        CHECK(timeout.exit_code == 2);
        CHECK_MESSAGE(has(timeout.err, "from 0.1 to 86400"), show(timeout));
    }

    TEST_CASE("--reset or --clock naming no input is a usage error listing the inputs") {
        for (const char* option : {"--reset", "--clock"}) {
            const auto run = crosscheck({option, "rst"});
            CHECK(run.exit_code == 2);
            CHECK_MESSAGE(has(run.err, "1-bit inputs: clk, reset, en"), show(run));
            CHECK(!has(run.out + run.err, "does not parse"));
        }
    }

    TEST_CASE("one --sim vocabulary: icarus is an alias of iverilog everywhere") {
        const auto run = crosscheck({"--sim", "icarus", "--vectors", "50", "--json"});
        CHECK_MESSAGE(run.exit_code == 0, show(run));
        CHECK(nlohmann::json::parse(run.out)["simulator"] == "iverilog");
        const auto bad = crosscheck({"--sim", "modelsim"});
        CHECK(bad.exit_code == 2);
        CHECK(has(bad.err, "verilator, iverilog (alias icarus) or auto"));
        const auto help = run_rtlduet({"help", "run"});
        CHECK(has(help.out, "verilator, iverilog (alias icarus) or auto"));
    }

    TEST_CASE("--samples: a count in eval, a path in score, and each error says which") {
        const auto eval = run_rtlduet(
            {"eval", "--suite", "benchmarks/rtlduet-mini", "--samples", "out/samples.jsonl"});
        CHECK(eval.exit_code == 2);
        CHECK_MESSAGE(has(eval.err, "rtlduet score --samples PATH"), show(eval));
        const auto score =
            run_rtlduet({"score", "--suite", source_path("benchmarks/rtlduet-mini").string(),
                         "--samples", "5"});
        CHECK(score.exit_code == 2);
        CHECK_MESSAGE(has(score.err, "eval's --samples K"), show(score));
    }

    TEST_CASE("an unknown --config key is an error naming the key and the file") {
        auto dir = util::TempDir::create("rtlduet-config-");
        REQUIRE(dir);
        const auto file = dir->path() / "rtlduet.json";
        REQUIRE(util::write_file(file, R"({"vector": 10})"));
        const auto run = run_rtlduet({"--config", file.string(), "doctor"});
        CHECK(run.exit_code == 2);
        CHECK_MESSAGE(has(run.err, file.string() + ": unknown key 'vector'"), show(run));
        CHECK(has(run.err, "did you mean 'vectors'?"));
        // A key of another command is fine: one file can serve several commands.
        REQUIRE(util::write_file(file, R"({"vectors": 10})"));
        const auto shared = run_rtlduet({"--config", file.string(), "help"});
        CHECK_MESSAGE(shared.exit_code == 0, show(shared));
    }

    TEST_CASE("a replay with other options than recorded names each difference") {
        const auto run = run_rtlduet(
            {"eval", "--suite", source_path("benchmarks/rtlduet-mini").string(), "--replay",
             source_path("benchmarks/rtlduet-mini/recording").string(), "-n", "3", "--samples", "2",
             "--endpoint", "http://127.0.0.1:9/v1", "--out", "/nonexistent/out"});
        CHECK(run.exit_code == 2);
        CHECK_MESSAGE(has(run.err, "recorded with -n 1, now -n 3"), show(run));
        CHECK(has(run.err, "recorded with --samples 1, now --samples 2"));
        CHECK(has(run.err, "replay with the recorded options: rtlduet eval"));
    }

    TEST_CASE("TERM=dumb gets no colour on a terminal; another TERM does") {
        // script(1) gives the binary a pseudo-terminal; the error line is the coloured one.
        const auto check = [](const std::string& term) {
            const std::string command = std::string(RTLDUET_BIN) + " --config " +
                                        source_path("README.md").string() + " doctor";
            const auto run = run_program({"script", "-qec", command, "/dev/null"}, {},
                                         std::chrono::seconds(60), {"TERM=" + term});
            return run.out + run.err;
        };
        const std::string coloured = check("xterm");
        CHECK_MESSAGE(has(coloured, "\x1b["), coloured);
        const std::string plain = check("dumb");
        CHECK(!plain.empty());
        CHECK_MESSAGE(!has(plain, "\x1b["), plain);
    }

    TEST_CASE("run, eval and doctor judge an endpoint URL by one rule and show the URL to type") {
        const std::string spec = source_path("benchmarks/examples/counter/spec.txt").string();
        const std::vector<std::pair<std::string, std::string>> wrong = {
            {"127.0.0.1:9/v1", "(try http://127.0.0.1:9/v1)"},
            {"http://127.0.0.1:9", "(try http://127.0.0.1:9/v1)"},
            {"http://127.0.0.1:9/api", "ending in /v1, not 'http://127.0.0.1:9/api'"}};
        for (const auto& [url, said] : wrong) {
            for (const std::vector<std::string>& command :
                 {std::vector<std::string>{"run", spec, "--endpoint", url},
                  std::vector<std::string>{"eval", "--suite",
                                           source_path("benchmarks/rtlduet-mini").string(),
                                           "--endpoint", url},
                  std::vector<std::string>{"doctor", "--endpoint", url}}) {
                const auto run = run_rtlduet(command);
                CHECK_MESSAGE(run.exit_code == 2, show(run));
                CHECK_MESSAGE(has(run.err, said), show(run));
            }
        }
        // A trailing slash is the same endpoint: accepted, then found down (exit 3, not 2).
        const auto slash = run_rtlduet({"doctor", "--endpoint", "http://127.0.0.1:9/v1/"});
        CHECK_MESSAGE(slash.exit_code == 3, show(slash));
    }

    TEST_CASE("doctor's exit code and status column tell the same story") {
        // The built-in default endpoint is optional: unreachable is a warning, exit 0.
        const auto fine = run_rtlduet({"doctor", "--json"}, {}, std::chrono::seconds(120),
                                      {"RTLDUET_ENDPOINT=http://127.0.0.1:9/v1"});
        REQUIRE_MESSAGE(fine.exit_code == 0, show(fine));
        const auto checks = nlohmann::json::parse(fine.out)["checks"];
        for (const auto& row : checks) {
            CHECK_MESSAGE(row["status"] != "failed", row.dump());
        }
        // One named on the command line is essential: failed, exit 3.
        const auto named = run_rtlduet({"doctor", "--endpoint", "http://127.0.0.1:9/v1"});
        CHECK(named.exit_code == 3);
        CHECK(has(named.out, "failed"));
    }
}

}  // namespace
}  // namespace rtlduet::testing
