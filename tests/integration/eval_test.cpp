// `rtlduet eval` and `rtlduet merge` through the binary, on a few rtlduet-mini problems, with a
// scripted endpoint that answers each problem with its golden design and reference model
// (one problem gets a broken design): summary, kill and resume, shards merged, refusals.
#include <algorithm>
#include <fcntl.h>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <signal.h>
#include <spawn.h>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "fake_llm/fake_llm_server.h"
#include "support/run_binary.h"
#include "util/files.h"
#include "util/temp_dir.h"

using rtlduet::testing::interrupt_after_first_line;
using rtlduet::testing::run_rtlduet;
using rtlduet::testing::source_path;
using rtlduet::testing::spawn_rtlduet;
using Json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kProblems = {"Prob001_majority_parity", "Prob002_priority_enc8",
                                            "Prob007_updown_counter_en"};
// Prob001's design drops d from the parity: the flow disagrees and the testbench fails it.
const std::string kBrokenProblem = "Prob001_majority_parity";

std::string read(const fs::path& path) {
    auto text = rtlduet::util::read_file(path);
    REQUIRE(text);
    return *text;
}

fs::path mini(const std::string& file) {
    return source_path("benchmarks/rtlduet-mini") / file;
}

std::string golden_design(const std::string& problem) {
    std::string code = rtlduet::testing::golden_sample(mini(""), problem);
    if (problem == kBrokenProblem) {
        const std::string parity = "a ^ b ^ c ^ d";
        REQUIRE(code.find(parity) != std::string::npos);
        code.replace(code.find(parity), parity.size(), "a ^ b ^ c");
    }
    return "```verilog\n" + code + "```\n";
}

// One rule per problem and agent, matched on the first line of the problem's prompt. With
// `same_bug_in_model` the broken problem's model has the design's bug: the flow agrees on a
// design the official testbench fails.
Json script(bool same_bug_in_model = false) {
    Json rules = Json::array();
    for (const std::string& problem : kProblems) {
        const std::string prompt = read(mini(problem + "_prompt.txt"));
        const std::string first_line = prompt.substr(0, prompt.find('\n'));
        std::string model = "```python\n" + read(mini("models/" + problem + ".py")) + "```\n";
        if (same_bug_in_model && problem == kBrokenProblem) {
            model.replace(model.find("a ^ b ^ c ^ d"), 13, "a ^ b ^ c");
        }
        rules.push_back({{"agent", "rtl"},
                         {"contains", first_line},
                         {"replies", {{{"content", golden_design(problem)}}}}});
        rules.push_back(
            {{"agent", "model"}, {"contains", first_line}, {"replies", {{{"content", model}}}}});
    }
    return {{"rules", rules}};
}

struct EvalCase {
    rtlduet::util::TempDir dir;
    std::unique_ptr<rtlduet::fake_llm::FakeLlmServer> server;

    explicit EvalCase(int latency_ms = 0, bool same_bug_in_model = false)
        : dir(std::move(*rtlduet::util::TempDir::create("rtlduet-eval-"))) {
        server = std::make_unique<rtlduet::fake_llm::FakeLlmServer>(
            rtlduet::fake_llm::ServerOptions{.latency_ms = latency_ms});
        REQUIRE(server->load_script(script(same_bug_in_model).dump()));
        REQUIRE(server->start());
    }

    // Every run uses -n 1 --sim iverilog; `extra` may replace the defaults below.
    std::vector<std::string> args(const std::string& out, std::vector<std::string> extra = {}) {
        std::vector<std::string> all = {
            "eval",     "--suite", source_path("benchmarks/rtlduet-mini").string(),
            "-n",       "1",       "--sim",
            "iverilog", "--out",   (dir.path() / out).string()};
        const std::vector<std::pair<std::string, std::string>> defaults = {
            {"--problems", "Prob001*,Prob002*,Prob007*"},
            {"--vectors", "200"},
            {"-t", "1"},
            {"--endpoint", server->base_url()}};
        for (const auto& [flag, value] : defaults) {
            if (std::find(extra.begin(), extra.end(), flag) == extra.end()) {
                all.insert(all.end(), {flag, value});
            }
        }
        all.insert(all.end(), extra.begin(), extra.end());
        return all;
    }

    rtlduet::testing::BinaryRun eval(const std::string& out, std::vector<std::string> extra = {}) {
        return run_rtlduet(args(out, std::move(extra)), dir.path(), std::chrono::seconds(240));
    }

    std::vector<std::string> lines(const std::string& out) {
        std::vector<std::string> result;
        std::istringstream in(read(dir.path() / out / "results.jsonl"));
        for (std::string line; std::getline(in, line);) {
            result.push_back(line);
        }
        return result;
    }
};

// summary.json without what depends on timing.
Json timeless_summary(const fs::path& file) {
    Json summary = Json::parse(read(file));
    for (Json& result : summary["results"]) {
        result.erase("seconds");
    }
    // sim_builds counts Verilator compiles of confirmations, which a warm build cache saves.
    for (const char* key : {"llm_seconds", "sim_seconds", "wall_seconds", "sim_builds"}) {
        summary["eval"].erase(key);
    }
    return summary;
}

std::set<std::pair<std::string, int>> pairs_of(const std::vector<std::string>& lines) {
    std::set<std::pair<std::string, int>> pairs;
    for (const std::string& line : lines) {
        const Json json = Json::parse(line);
        CHECK(pairs.emplace(json["problem"].get<std::string>(), json["sample"].get<int>()).second);
    }
    return pairs;
}

// Every file a cache holds must be whole: JSON entries parse, build entries have their files.
// Directories of entries being written (".partial-*", left by a killed process) are never read.
void check_cache_entries(const fs::path& dir) {
    if (!fs::exists(dir)) {
        return;
    }
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        const std::string path = entry.path().string();
        if (path.find("/.partial-") != std::string::npos || !entry.is_regular_file()) {
            continue;
        }
        if (entry.path().extension() == ".json") {
            const Json parsed = Json::parse(read(entry.path()), nullptr, false);
            CHECK_MESSAGE(!parsed.is_discarded(), "corrupted cache entry " << path);
        }
    }
}

// SIGKILL (no handler runs) after a random delay, again and again, each time resuming, until
// a run gets to finish on its own.
int run_with_random_kills(EvalCase& c, const std::string& out, unsigned seed,
                          const std::vector<std::string>& options,
                          const std::vector<std::string>& env) {
    std::mt19937 random(seed);
    std::uniform_int_distribution<int> delay_ms(0, 1200);
    int kills = 0;
    for (int attempt = 0; attempt < 6; ++attempt) {
        std::vector<std::string> extra = options;
        if (attempt > 0) {
            extra.push_back("--resume");
        }
        const pid_t pid = spawn_rtlduet(c.args(out, extra), c.dir.path(), env);
        std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(random)));
        int status = 0;
        if (waitpid(pid, &status, WNOHANG) == 0) {
            kill(pid, SIGKILL);
            REQUIRE(waitpid(pid, &status, 0) == pid);
            ++kills;
            continue;
        }
        // It finished before the kill: it must have finished well.
        INFO(read(c.dir.path() / "spawned.err"));
        REQUIRE(WIFEXITED(status));
        REQUIRE(WEXITSTATUS(status) == 0);
        return kills;
    }
    std::vector<std::string> extra = options;
    extra.push_back("--resume");
    const auto last = run_rtlduet(c.args(out, extra), c.dir.path(), std::chrono::seconds(240), env);
    INFO(last.err);
    REQUIRE(last.exit_code == 0);
    return kills;
}

}  // namespace

TEST_SUITE("integration.eval") {
    TEST_CASE("eval over three problems scores each flow result with the official testbench") {
        EvalCase c;
        const auto run = c.eval("out");
        INFO(run.err);
        REQUIRE(run.exit_code == 0);
        const Json summary = Json::parse(read(c.dir.path() / "out" / "summary.json"));
        CHECK(summary["suite"] == "rtlduet-mini");
        CHECK(summary["problems"] == 3);
        CHECK(summary["verdicts"]["pass"] == 2);
        CHECK(summary["verdicts"]["fail"] == 1);
        CHECK(summary["pass_at_1"].get<double>() == doctest::Approx(2.0 / 3.0));
        CHECK(summary["eval"]["flow_verdicts"]["agreed"] == 2);
        CHECK(summary["eval"]["flow_verdicts"]["best-effort"] == 1);
        CHECK(summary["eval"]["flow_against_official"]["best-effort"]["not_pass"] == 1);
        const auto lines = c.lines("out");
        REQUIRE(lines.size() == 3);
        // Pairs run at once finish in any order: find the broken problem's line.
        const auto broken = std::find_if(lines.begin(), lines.end(), [](const std::string& line) {
            return Json::parse(line)["problem"] == kBrokenProblem;
        });
        REQUIRE(broken != lines.end());
        const Json result = Json::parse(*broken);
        CHECK(result["verdict"] == "fail");
        CHECK(result["flow_verdict"] == "best-effort");
        CHECK(result["seed"] == 1);
        CHECK(result["config_hash"] == summary["config_hash"]);
        for (const std::string& problem : kProblems) {
            const fs::path sample = c.dir.path() / "out" / problem / "sample01";
            CHECK(fs::exists(sample / "TopModule.sv"));
            CHECK(fs::exists(sample / "model.py"));
            CHECK(fs::exists(sample / "report.json"));
            CHECK(fs::exists(sample / "transcript.jsonl"));
        }
        CHECK(run.out.find("Prob002_priority_enc8") != std::string::npos);
        CHECK(run.err.find("eval: [3/3]") != std::string::npos);
    }

    TEST_CASE("a killed eval resumed with --resume equals an uninterrupted run") {
        EvalCase c(150);
        const pid_t pid = spawn_rtlduet(c.args("killed"), c.dir.path());
        interrupt_after_first_line(pid, c.dir.path() / "killed" / "results.jsonl", SIGKILL);
        const std::size_t before = c.lines("killed").size();
        CHECK(before >= 1);
        CHECK(before < kProblems.size());

        const auto resumed = c.eval("killed", {"--resume"});
        INFO(resumed.err);
        REQUIRE(resumed.exit_code == 0);
        CHECK(resumed.err.find(std::to_string(before) + " done earlier") != std::string::npos);
        CHECK(pairs_of(c.lines("killed")).size() == kProblems.size());
        CHECK(c.lines("killed").size() == kProblems.size());

        REQUIRE(c.eval("full").exit_code == 0);
        CHECK(timeless_summary(c.dir.path() / "killed" / "summary.json") ==
              timeless_summary(c.dir.path() / "full" / "summary.json"));
    }

    TEST_CASE("SIGKILL at random points, resumed each time, ends equal to an uninterrupted run") {
        EvalCase c(100);
        // Two samples a problem and two jobs: more pairs in flight when the kill lands.
        const std::vector<std::string> options = {"--samples", "2", "--jobs", "2"};
        REQUIRE(c.eval("full", options).exit_code == 0);
        const Json full = timeless_summary(c.dir.path() / "full" / "summary.json");
        int kills = 0;
        for (const unsigned seed : {1U, 2U, 3U, 4U}) {
            CAPTURE(seed);
            const std::string out = "killed" + std::to_string(seed);
            const fs::path caches = c.dir.path() / ("caches" + std::to_string(seed));
            std::vector<std::string> with_cache = options;
            with_cache.insert(with_cache.end(), {"--cache", (caches / "llm").string()});
            kills += run_with_random_kills(c, out, seed, with_cache,
                                           {"XDG_CACHE_HOME=" + caches.string()});
            const auto lines = c.lines(out);
            CHECK(pairs_of(lines).size() == 2 * kProblems.size());
            CHECK(lines.size() == 2 * kProblems.size());
            CHECK(timeless_summary(c.dir.path() / out / "summary.json") == full);
            check_cache_entries(caches);
        }
        MESSAGE(kills << " kills over 4 seeds");
        // The seeds are fixed, but the delays race the run: make sure the kills happened.
        CHECK(kills >= 4);
    }

    TEST_CASE("Ctrl-C stops with exit 130 and the run resumes to completion") {
        EvalCase c(150);
        const pid_t pid = spawn_rtlduet(c.args("out"), c.dir.path());
        const int status =
            interrupt_after_first_line(pid, c.dir.path() / "out" / "results.jsonl", SIGINT);
        REQUIRE(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 130);
        CHECK(read(c.dir.path() / "spawned.err").find("--resume") != std::string::npos);
        CHECK_FALSE(fs::exists(c.dir.path() / "out" / "summary.json"));
        const auto resumed = c.eval("out", {"--resume"});
        INFO(resumed.err);
        REQUIRE(resumed.exit_code == 0);
        CHECK(pairs_of(c.lines("out")).size() == kProblems.size());
        CHECK(c.lines("out").size() == kProblems.size());
    }

    TEST_CASE("eval prints the flow's verdicts against the official ones and writes --junit") {
        EvalCase c(0, true);
        const auto run = c.eval("out", {"--junit", "eval.xml", "--jobs", "3"});
        INFO(run.err);
        REQUIRE(run.exit_code == 0);
        const std::string table = run.out.substr(run.out.find("flow verdict against"));
        CHECK(table.starts_with("flow verdict against the official testbench (3 pairs):\n"));
        CHECK(table.find("  agreed                   2                 1\n") != std::string::npos);
        CHECK(table.find("agreed but the official testbench fails (1):\n"
                         "  Prob001_majority_parity sample 01 (fail)\n") != std::string::npos);
        const std::string junit = read(c.dir.path() / "eval.xml");
        CHECK(junit.find("<testsuite name=\"rtlduet score rtlduet-mini\"") != std::string::npos);
        CHECK(junit.find("name=\"Prob001_majority_parity\"") != std::string::npos);
        CHECK(junit.find("<failure") != std::string::npos);
        // Pairs ran side by side: their flow's lines say whose they are.
        for (const std::string& problem : kProblems) {
            CHECK_MESSAGE(run.err.find(problem + " sample 01: turn 1/1") != std::string::npos,
                          problem);
        }
    }

    TEST_CASE("--jobs runs pairs at once under one global LLM in-flight cap") {
        EvalCase c(200);
        const auto run = c.eval("out", {"--jobs", "3", "--max-inflight", "2"});
        INFO(run.err);
        REQUIRE(run.exit_code == 0);
        CHECK(c.server->max_concurrent() == 2);
        CHECK(c.lines("out").size() == kProblems.size());
    }

    TEST_CASE("without --jobs, twice the pairs that fill the slots run at once, 4 a core at most") {
        EvalCase c;
        const auto run = c.eval("out", {"--max-inflight", "4"});
        INFO(run.err);
        REQUIRE(run.exit_code == 0);
        // -n 1: 5 pairs fill 4 slots at a turn's start (and one more); twice that, capped.
        const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
        const unsigned expected = std::max(5u, std::min(10u, 4 * cores));
        CHECK(run.err.find(fmt::format("{} at once", expected)) != std::string::npos);
    }

    TEST_CASE("an endpoint that is down stops the run with exit 3") {
        EvalCase c;
        const auto run = c.eval("out", {"--endpoint", "http://127.0.0.1:9/v1", "--retries", "0"});
        CHECK(run.exit_code == 3);
        CHECK(run.err.find("no LLM server answers") != std::string::npos);
        CHECK(run.err.find("rtlduet doctor") != std::string::npos);
        // Nothing ran, so there is no results.jsonl to point at.
        CHECK(run.err.find("finished pairs are in") == std::string::npos);
        CHECK_FALSE(fs::exists(c.dir.path() / "out" / "results.jsonl"));
        CHECK_FALSE(fs::exists(c.dir.path() / "out" / "summary.json"));
    }

    TEST_CASE("two shards merged equal one full run") {
        EvalCase c;
        REQUIRE(c.eval("full").exit_code == 0);
        REQUIRE(c.eval("shard1", {"--shard", "1/2"}).exit_code == 0);
        REQUIRE(c.eval("shard2", {"--shard", "2/2"}).exit_code == 0);
        const auto one = pairs_of(c.lines("shard1"));
        const auto two = pairs_of(c.lines("shard2"));
        CHECK(one.size() == 2);
        CHECK(two.size() == 1);
        for (const auto& pair : one) {
            CHECK_FALSE(two.contains(pair));
        }
        const auto merged = run_rtlduet(
            {"merge", (c.dir.path() / "shard1").string(), (c.dir.path() / "shard2").string(),
             (c.dir.path() / "shard1").string(), "--out", (c.dir.path() / "merged").string()},
            c.dir.path());
        INFO(merged.err);
        REQUIRE(merged.exit_code == 0);
        CHECK(merged.err.find("2 results of pairs already merged were dropped") !=
              std::string::npos);
        CHECK(c.lines("merged").size() == kProblems.size());
        CHECK(timeless_summary(c.dir.path() / "merged" / "summary.json") ==
              timeless_summary(c.dir.path() / "full" / "summary.json"));
        CHECK(merged.out.find("Prob007_updown_counter_en") != std::string::npos);
    }

    TEST_CASE("merge refuses outputs of different options and reports missing shards") {
        EvalCase c;
        REQUIRE(c.eval("a", {"--shard", "1/2"}).exit_code == 0);
        REQUIRE(c.eval("b", {"--shard", "2/2", "--vectors", "300"}).exit_code == 0);
        const fs::path a = c.dir.path() / "a";
        const auto refused = run_rtlduet(
            {"merge", a.string(), (c.dir.path() / "b").string(), "--out", "m"}, c.dir.path());
        CHECK(refused.exit_code == 2);
        CHECK(refused.err.find("refusing to merge") != std::string::npos);
        CHECK(refused.err.find("vectors") != std::string::npos);
        const auto partial = run_rtlduet({"merge", a.string(), "--out", "m"}, c.dir.path());
        CHECK(partial.exit_code == 0);
        CHECK(partial.err.find("1 pairs of the selection have no result") != std::string::npos);
        const auto not_eval =
            run_rtlduet({"merge", c.dir.path().string(), "--out", "m"}, c.dir.path());
        CHECK(not_eval.exit_code == 2);
    }

    TEST_CASE("--resume with different options is refused and names what changed") {
        EvalCase c;
        REQUIRE(c.eval("out", {"--problems", "Prob002*"}).exit_code == 0);
        const auto again = c.eval("out", {"--problems", "Prob002*"});
        CHECK(again.exit_code == 2);
        CHECK(again.err.find("--resume") != std::string::npos);
        const auto refused = c.eval("out", {"--problems", "Prob002*", "--resume", "-t", "2"});
        CHECK(refused.exit_code == 2);
        CHECK(refused.err.find("refusing to resume") != std::string::npos);
        CHECK(refused.err.find("turns: '2' now, '1' before") != std::string::npos);
        CHECK(c.lines("out").size() == 1);
    }

    TEST_CASE("a torn last line is ignored on resume and its pair runs again") {
        EvalCase c;
        REQUIRE(c.eval("out").exit_code == 0);
        const Json complete = timeless_summary(c.dir.path() / "out" / "summary.json");
        auto lines = c.lines("out");
        const std::string torn = lines.back().substr(0, lines.back().size() / 2);
        lines.pop_back();
        std::string text;
        for (const std::string& line : lines) {
            text += line + "\n";
        }
        REQUIRE(rtlduet::util::write_file(c.dir.path() / "out" / "results.jsonl", text + torn));
        const auto resumed = c.eval("out", {"--resume"});
        INFO(resumed.err);
        REQUIRE(resumed.exit_code == 0);
        CHECK(resumed.err.find("results.jsonl:3: ignoring a torn last line") != std::string::npos);
        CHECK(resumed.err.find("2 done earlier, 1 to run") != std::string::npos);
        CHECK(pairs_of(c.lines("out")).size() == kProblems.size());
        CHECK(c.lines("out").size() == kProblems.size());
        CHECK(timeless_summary(c.dir.path() / "out" / "summary.json") == complete);
    }

    TEST_CASE("a pair that cannot be simulated is recorded as an error and the others finish") {
        EvalCase eval;
        // Prob002's interface file now declares no output: nothing to compare, a failure of
        // this problem alone. Prob007 is untouched.
        const fs::path suite = eval.dir.path() / "suite";
        for (const std::string& problem : {kProblems[1], kProblems[2]}) {
            for (const char* suffix : {"_prompt.txt", "_ref.sv", "_test.sv", "_ifc.txt"}) {
                REQUIRE(rtlduet::util::write_file(suite / (problem + suffix),
                                                  read(mini(problem + suffix))));
            }
        }
        REQUIRE(rtlduet::util::write_file(suite / (kProblems[1] + "_ifc.txt"),
                                          "module TopModule (input [7:0] req);\nendmodule\n"));
        std::vector<std::string> args = eval.args("out", {"--problems", "*"});
        args[2] = suite.string();
        const auto run = run_rtlduet(args, eval.dir.path(), std::chrono::seconds(240));
        CHECK_MESSAGE(run.exit_code == 0, run.err);
        std::map<std::string, Json> by_problem;
        for (const std::string& line : eval.lines("out")) {
            const Json json = Json::parse(line);
            by_problem[json["problem"].get<std::string>()] = json;
        }
        REQUIRE(by_problem.size() == 2);
        const Json& broken = by_problem.at(kProblems[1]);
        CHECK(broken["verdict"] == "error");
        CHECK(broken["reason"].get<std::string>().find("has no outputs to compare") !=
              std::string::npos);
        CHECK(by_problem.at(kProblems[2])["verdict"] == "pass");
        const Json summary = Json::parse(read(eval.dir.path() / "out" / "summary.json"));
        CHECK(summary["verdicts"]["error"] == 1);
        CHECK(summary["pass_at_1"] == 0.5);
    }
}
