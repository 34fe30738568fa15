// rtlduet's own CI gate on the bundled suite benchmarks/rtlduet-mini: every golden reference
// scores pass, and the scripted recording replays offline through `eval` to a summary that
// `regress` finds no worse than the committed baseline.

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "support/run_binary.h"
#include "util/files.h"
#include "util/temp_dir.h"

using nlohmann::json;
using rtlduet::testing::BinaryRun;
using rtlduet::testing::run_rtlduet;
using rtlduet::testing::source_path;
namespace fs = std::filesystem;

namespace {

const std::string kSuite = source_path("benchmarks/rtlduet-mini").string();
constexpr int kProblems = 18;

// The options benchmarks/rtlduet-mini/scripted/record.sh records with: replay keys depend on
// them (the feedback text holds simulated values), so both must stay equal.
const std::vector<std::string> kFlowOptions = {
    "-n",       "1",      "-t", "3",         "--samples", "1",      "--sim",
    "iverilog", "--seed", "1",  "--vectors", "1000",      "--jobs", "2"};

const std::string kRerecord =
    "if prompts/, agents/ or the scripted replies changed on purpose, the recording is stale: "
    "run `bash benchmarks/rtlduet-mini/scripted/record.sh <build dir>`, review the new "
    "baseline-summary.json and commit both";

// Golden results are cached by content, so runs may share them.
std::vector<std::string> cache_env() {
    return {"XDG_CACHE_HOME=" + (fs::temp_directory_path() / "rtlduet-ci-gate-cache").string()};
}

json read_json(const fs::path& path) {
    auto text = rtlduet::util::read_file(path);
    REQUIRE_MESSAGE(text, path.string());
    return json::parse(*text);
}

std::string show(const BinaryRun& run) {
    return "exit " + std::to_string(run.exit_code) + "\nstdout:\n" + run.out + "\nstderr:\n" +
           run.err;
}

std::vector<std::string> problem_names() {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(kSuite)) {
        const std::string file = entry.path().filename().string();
        const std::string suffix = "_prompt.txt";
        if (file.size() > suffix.size() && file.ends_with(suffix)) {
            names.push_back(file.substr(0, file.size() - suffix.size()));
        }
    }
    return names;
}

int count(const std::string& text, const std::string& needle) {
    int n = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
        ++n;
    }
    return n;
}

// The JUnit shape CI systems read: one testsuite, a testcase for pass@1 and one per problem,
// no failure element when nothing regressed.
void check_junit(const std::string& xml) {
    CHECK(xml.starts_with("<?xml"));
    CHECK(count(xml, "<testsuites") == 1);
    CHECK(count(xml, "<testsuite ") == 1);
    CHECK(count(xml, "<testcase ") == kProblems + 1);
    CHECK(count(xml, "</testcase>") == kProblems + 1);
    CHECK(count(xml, "<failure") == 0);
    CHECK(xml.find("name=\"pass@1\"") != std::string::npos);
    for (const std::string& problem : problem_names()) {
        CHECK_MESSAGE(xml.find("name=\"" + problem + "\"") != std::string::npos, problem);
    }
    CHECK(xml.find("</testsuites>") != std::string::npos);
}

}  // namespace

TEST_SUITE("integration.ci_gate") {
    TEST_CASE("every rtlduet-mini golden reference scores pass") {
        auto dir = rtlduet::util::TempDir::create("rtlduet-ci-gate-");
        REQUIRE(dir);
        const auto problems = problem_names();
        REQUIRE(problems.size() == kProblems);
        for (const std::string& problem : problems) {
            REQUIRE(rtlduet::util::write_file(dir->path() / "samples" / (problem + "_sample01.sv"),
                                              rtlduet::testing::golden_sample(kSuite, problem)));
        }
        const auto summary_path = dir->path() / "summary.json";
        const auto run = run_rtlduet(
            {"score", "--suite", kSuite, "--samples", (dir->path() / "samples").string(), "--jobs",
             "2", "--json", summary_path.string()},
            {}, std::chrono::seconds(120), cache_env());
        REQUIRE_MESSAGE(run.exit_code == 0, show(run));
        const json summary = read_json(summary_path);
        CHECK(summary.at("verdicts").at("pass") == kProblems);
        CHECK(summary.at("pass_at_1") == 1.0);
        for (const json& r : summary.at("results")) {
            CHECK_MESSAGE(r.at("verdict") == "pass", r.dump());
        }
    }

    TEST_CASE("the scripted recording replays offline and does not regress against the baseline") {
        auto dir = rtlduet::util::TempDir::create("rtlduet-ci-gate-");
        REQUIRE(dir);
        const fs::path out = dir->path() / "eval";
        std::vector<std::string> eval_args = {
            "eval", "--suite", kSuite, "--replay", kSuite + "/recording", "--out", out.string(),
            // A closed port: a replay that tried the network would fail, not hang.
            "--endpoint", "http://127.0.0.1:1/v1"};
        eval_args.insert(eval_args.end(), kFlowOptions.begin(), kFlowOptions.end());
        const auto eval = run_rtlduet(eval_args, {}, std::chrono::seconds(240), cache_env());
        REQUIRE_MESSAGE(eval.exit_code == 0, "rtlduet eval --replay failed; " << kRerecord << "\n"
                                                                              << show(eval));

        const fs::path junit = dir->path() / "regress.xml";
        const auto regress =
            run_rtlduet({"regress", "--baseline", kSuite + "/baseline-summary.json", "--current",
                         (out / "summary.json").string(), "--junit", junit.string()});
        CHECK_MESSAGE(regress.exit_code == 0,
                      "rtlduet-mini regressed against benchmarks/rtlduet-mini/baseline-summary.json"
                      " (a change broke the flow, or "
                          << kRerecord << ")\n"
                          << show(regress));

        // The replay is deterministic, so the paths through the flow match the baseline's
        // exactly (agreed on which turn, best-effort, agreed but wrong): a replay that took
        // another path would exercise less than the suite was written for.
        const json summary = read_json(out / "summary.json");
        const json baseline = read_json(kSuite + "/baseline-summary.json");
        CHECK(summary.at("problems") == kProblems);
        for (const char* field : {"flow_verdicts", "flow_against_official", "mean_turns"}) {
            CHECK_MESSAGE(summary.at("eval").at(field) == baseline.at("eval").at(field),
                          field << ": " << summary.at("eval").at(field).dump() << " now, "
                                << baseline.at("eval").at(field).dump() << " in the baseline");
        }
        auto xml = rtlduet::util::read_file(junit);
        REQUIRE(xml);
        if (regress.exit_code == 0) {
            check_junit(*xml);
        }
    }
}
