// `rtlduet score` through the binary on the real VerilogEval v2 suite: golden references,
// one sample per verdict path, input errors, and real LLM candidates with known verdicts.
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "support/run_binary.h"
#include "util/files.h"
#include "util/temp_dir.h"

using nlohmann::json;
using rtlduet::testing::golden_sample;
using rtlduet::testing::run_rtlduet;
using rtlduet::testing::shared_path;
using rtlduet::testing::source_path;

namespace {

const std::string kSuite = shared_path("verilog-eval-v2/dataset_spec-to-rtl").string();

// Golden results and the Verilator runtime are cached by content, so runs may share them.
std::string cache_dir() {
    return (std::filesystem::temp_directory_path() / "rtlduet-score-test-cache").string();
}

json read_json(const std::filesystem::path& path) {
    auto text = rtlduet::util::read_file(path);
    REQUIRE(text);
    return json::parse(*text);
}

std::map<int, json> by_sample(const json& summary) {
    std::map<int, json> results;
    for (const json& r : summary.at("results")) {
        results[r.at("sample").get<int>()] = r;
    }
    return results;
}

}  // namespace

TEST_SUITE("integration.score") {
    TEST_CASE("a Verilator-scored sample compiles with the runtime's precompiled header") {
        auto dir = rtlduet::util::TempDir::create("rtlduet-score-test-");
        REQUIRE(dir);
        const std::string problem = "Prob151_review2015_fsm";
        REQUIRE(rtlduet::util::write_file(dir->path() / "samples" / (problem + "_sample01.sv"),
                                          golden_sample(kSuite, problem)));
        const auto run = run_rtlduet({"score", "--suite", kSuite, "--samples",
                                      (dir->path() / "samples").string(), "--problems", problem,
                                      "--cache-dir", cache_dir()});
        CHECK_MESSAGE(run.exit_code == 0, run.err);
        std::filesystem::path runtime;
        for (const auto& entry : std::filesystem::directory_iterator(cache_dir())) {
            if (entry.path().filename().string().starts_with("verilator-runtime-2-")) {
                runtime = entry.path();
            }
        }
        REQUIRE_MESSAGE(!runtime.empty(), "no Verilator runtime in the cache");
        auto command = rtlduet::util::read_file(runtime / "rtlduet_compile.txt");
        REQUIRE(command);
        // The build's own flags (the makefile's command, -w -pthread): g++ -H marks a
        // precompiled header it uses with '!', one it rejects with 'x'.
        std::vector<std::string> argv;
        std::istringstream words(*command);
        for (std::string word; words >> word;) {
            argv.push_back(word);
        }
        argv.insert(argv.end(),
                    {"-w", "-pthread", "-H", "-include", (runtime / "rtlduet_pch.h").string(),
                     "-fsyntax-only", "-x", "c++", "/dev/null"});
        const auto probe = rtlduet::testing::run_program(argv, dir->path());
        CHECK_MESSAGE(probe.err.starts_with("! "), probe.err.substr(0, 300));
    }

    TEST_CASE("a cache the sandbox user cannot reach still serves score's Verilator builds") {
        // As root the sandbox runs as other users: a cache under a private directory (/root, a
        // home of mode 0700) is out of their reach, so the runtime kit is read from a copy.
        auto dir = rtlduet::util::TempDir::create("rtlduet-score-test-");
        REQUIRE(dir);
        const auto private_dir = dir->path() / "private";
        REQUIRE(rtlduet::util::make_directories(private_dir));
        std::filesystem::permissions(private_dir, std::filesystem::perms::owner_all);
        const std::string problem = "Prob151_review2015_fsm";
        REQUIRE(rtlduet::util::write_file(dir->path() / "samples" / (problem + "_sample01.sv"),
                                          golden_sample(kSuite, problem)));
        const auto summary_path = dir->path() / "summary.json";
        const auto run =
            run_rtlduet({"score", "--suite", kSuite, "--samples",
                         (dir->path() / "samples").string(), "--problems", problem, "--cache-dir",
                         (private_dir / "cache").string(), "--json", summary_path.string()});
        CHECK_MESSAGE(run.exit_code == 0, run.err);
        const json summary = read_json(summary_path);
        CHECK(summary.at("verdicts").at("pass") == 1);
        CHECK(summary.at("per_problem")
                  .at(0)
                  .at("simulator")
                  .get<std::string>()
                  .starts_with("verilator"));
    }

    TEST_CASE("a Verilator build seen before is replayed from the cache, a changed one is built") {
        auto dir = rtlduet::util::TempDir::create("rtlduet-score-test-");
        REQUIRE(dir);
        const std::string problem = "Prob151_review2015_fsm";
        // A text no other run has built: the first run below must build it.
        const std::string golden =
            golden_sample(kSuite, problem) + "// " + dir->path().filename().string() + "\n";
        const auto samples = dir->path() / "samples";
        REQUIRE(rtlduet::util::write_file(samples / (problem + "_sample01.sv"), golden));
        const auto score = [&](const std::string& json_name, const std::vector<std::string>& env,
                               bool keep_work) {
            std::vector<std::string> args;
            if (keep_work) {
                args.push_back("--keep-work");
            }
            const std::string json_path = (dir->path() / json_name).string();
            args.insert(args.end(),
                        {"score", "--suite", kSuite, "--samples", samples.string(), "--problems",
                         problem, "--cache-dir", cache_dir(), "--json", json_path});
            const auto run = run_rtlduet(args, {}, std::chrono::seconds(300), env);
            CHECK_MESSAGE(run.exit_code == 0, run.err);
            return by_sample(read_json(dir->path() / json_name));
        };
        const auto first = score("first.json", {}, false);
        // Sample 2 differs from sample 1 by a comment only: another text, another build.
        REQUIRE(rtlduet::util::write_file(samples / (problem + "_sample02.sv"), golden + "//\n"));
        const auto work = dir->path() / "work";
        REQUIRE(rtlduet::util::make_directories(work));
        const auto second = score("second.json", {"TMPDIR=" + work.string()}, true);
        REQUIRE(second.size() == 2);
        for (const auto& [sample, result] : second) {
            CHECK(result.at("verdict") == "pass");
            CHECK(result.at("official_verdict") == first.at(1).at("official_verdict"));
        }
        int built = 0;
        int replayed = 0;
        // Work directories are made in the process's own directory, work-<pid>, in rtlduet's
        // own directory of TMPDIR.
        const auto own = work / ("rtlduet-" + std::to_string(::geteuid()));
        std::vector<std::filesystem::path> kept;
        for (const auto& process : std::filesystem::directory_iterator(own)) {
            if (process.path().filename().string().starts_with("work-")) {
                for (const auto& entry : std::filesystem::directory_iterator(process.path())) {
                    kept.push_back(entry.path());
                }
            }
        }
        for (const auto& entry : kept) {
            const auto obj = entry / "obj_dir";
            if (!entry.filename().string().starts_with("rtlduet-score-" + problem) ||
                !std::filesystem::exists(obj / "sim")) {
                continue;
            }
            // Verilator's makefile is there only when the sample was verilated.
            ++(std::filesystem::exists(obj / "Vtb.mk") ? built : replayed);
        }
        CHECK(built == 1);
        CHECK(replayed == 1);
    }

    TEST_CASE("golden references pass, Prob099 is skipped, Prob151/156 are decided by verilator") {
        const std::vector<std::string> problems = {
            "Prob001_zero",      "Prob030_popcount255",          "Prob082_lfsr32",
            "Prob099_m2014_q6c", "Prob141_count_clock",          "Prob151_review2015_fsm",
            "Prob155_lemmings4", "Prob156_review2015_fancytimer"};
        auto dir = rtlduet::util::TempDir::create("rtlduet-score-test-");
        REQUIRE(dir);
        std::string globs;
        for (const std::string& problem : problems) {
            REQUIRE(rtlduet::util::write_file(dir->path() / "samples" / (problem + "_sample01.sv"),
                                              golden_sample(kSuite, problem)));
            globs += (globs.empty() ? "" : ",") + problem;
        }
        const auto summary_path = dir->path() / "summary.json";
        const auto run =
            run_rtlduet({"score", "--suite", kSuite, "--samples",
                         (dir->path() / "samples").string(), "--problems", globs, "--jobs", "2",
                         "--cache-dir", cache_dir(), "--json", summary_path.string()});
        CHECK(run.exit_code == 0);
        CHECK(run.out.find("golden reference fails its own testbench") != std::string::npos);
        const json summary = read_json(summary_path);
        CHECK(summary.at("verdicts").at("pass") == problems.size() - 1);
        CHECK(summary.at("verdicts").at("skipped") == 1);
        CHECK(summary.at("pass_at_1") == 1.0);
        CHECK(summary.at("skipped_problems") == json::array({"Prob099_m2014_q6c"}));
        for (const json& r : summary.at("results")) {
            const std::string problem = r.at("problem");
            const bool by_verilator =
                problem.starts_with("Prob151") || problem.starts_with("Prob156");
            CHECK_MESSAGE(
                r.at("simulator")
                    .get<std::string>()
                    .starts_with(by_verilator ? "verilator"
                                              : (problem.starts_with("Prob099") ? "" : "iverilog")),
                problem);
        }
    }

    TEST_CASE("a golden run killed by the machine is not cached as the reference failing") {
        auto dir = rtlduet::util::TempDir::create("rtlduet-score-test-");
        REQUIRE(dir);
        const std::string problem = "Prob001_zero";
        REQUIRE(rtlduet::util::write_file(dir->path() / "samples" / (problem + "_sample01.sv"),
                                          golden_sample(kSuite, problem)));
        // A vvp first on PATH that is killed as an out-of-memory killer would kill it. It
        // lives outside /tmp, which the sandbox replaces with an empty one.
        const auto tools =
            std::filesystem::current_path() / ("killed-vvp-" + dir->path().filename().string());
        REQUIRE(rtlduet::util::write_file(tools / "vvp", "#!/bin/sh\nkill -KILL $$\n"));
        std::filesystem::permissions(tools / "vvp", std::filesystem::perms::owner_all |
                                                        std::filesystem::perms::group_exec |
                                                        std::filesystem::perms::others_exec |
                                                        std::filesystem::perms::group_read |
                                                        std::filesystem::perms::others_read);
        const std::string cache = (dir->path() / "cache").string();
        const auto score = [&](const std::vector<std::string>& env) {
            const auto summary = dir->path() / "summary.json";
            const auto run = run_rtlduet(
                {"score", "--suite", kSuite, "--samples", (dir->path() / "samples").string(),
                 "--problems", problem, "--cache-dir", cache, "--json", summary.string()},
                {}, std::chrono::seconds(300), env);
            CHECK_MESSAGE(run.exit_code == 0, run.err);
            return std::make_pair(run, read_json(summary));
        };
        const auto [killed, killed_summary] =
            score({"PATH=" + tools.string() + ":/usr/local/bin:/usr/bin:/bin"});
        std::filesystem::remove_all(tools);
        CHECK(killed_summary.at("verdicts").at("skipped") == 1);
        CHECK(killed.err.find("is not cached") != std::string::npos);
        CHECK_FALSE(std::filesystem::exists(dir->path() / "cache" / "golden"));
        // The same machine, well again: the golden run is learned anew and passes.
        const auto [well, well_summary] = score({});
        CHECK(well_summary.at("verdicts").at("pass") == 1);
        CHECK(std::filesystem::exists(dir->path() / "cache" / "golden"));
    }

    TEST_CASE("every verdict path on one problem, the run going on past a timeout") {
        auto dir = rtlduet::util::TempDir::create("rtlduet-score-test-");
        REQUIRE(dir);
        const auto summary_path = dir->path() / "summary.json";
        const auto junit_path = dir->path() / "junit.xml";
        const auto run = run_rtlduet({"score", "--suite", kSuite, "--samples",
                                      source_path("tests/data/score/mixed.jsonl").string(),
                                      "--problems", "Prob001_zero", "--jobs", "2", "--timeout", "2",
                                      "--cache-dir", cache_dir(), "--json", summary_path.string(),
                                      "--junit", junit_path.string()});
        CHECK(run.exit_code == 0);
        auto results = by_sample(read_json(summary_path));
        REQUIRE(results.size() == 7);
        CHECK(results[1].at("verdict") == "pass");
        CHECK(results[2].at("verdict") == "fail");
        CHECK(results[3].at("verdict") == "compile_error");
        CHECK(results[4].at("verdict") == "timeout");
        CHECK(results[5].at("verdict") == "compile_error");
        CHECK(results[6].at("verdict") == "fail");
        CHECK(results[6].at("official_verdict") == "pass");  // the forged line fools the script
        CHECK(results[7].at("verdict") == "compile_error");
        auto junit = rtlduet::util::read_file(junit_path);
        REQUIRE(junit);
        CHECK(junit->find("<testsuite name=\"rtlduet score dataset_spec-to-rtl\" tests=\"1\" "
                          "failures=\"1\"") != std::string::npos);
        CHECK(junit->find("<testcase classname=\"dataset_spec-to-rtl\" name=\"Prob001_zero\"") !=
              std::string::npos);
        CHECK(junit->find("<failure message=\"1 of 7 samples pass\"") != std::string::npos);
        CHECK(junit->find("sample 4: timeout") != std::string::npos);
    }

    TEST_CASE("results carry the samples line's id and model when it has them") {
        auto dir = rtlduet::util::TempDir::create("rtlduet-score-test-");
        REQUIRE(dir);
        const std::string zero = "module TopModule(output zero); assign zero = 1'b0; endmodule";
        const std::vector<json> lines = {
            {{"problem", "Prob001_zero"},
             {"id", "cand-17"},
             {"model", "qwen3-4b"},
             {"completion", zero}},
            {{"problem", "Prob001_zero"}, {"id", 42}, {"completion", zero}},
            {{"problem", "Prob001_zero"}, {"completion", zero}}};
        std::string text;
        for (const json& line : lines) {
            text += line.dump() + "\n";
        }
        REQUIRE(rtlduet::util::write_file(dir->path() / "samples.jsonl", text));
        const auto summary_path = dir->path() / "summary.json";
        const auto run =
            run_rtlduet({"score", "--suite", kSuite, "--samples",
                         (dir->path() / "samples.jsonl").string(), "--problems", "Prob001_zero",
                         "--cache-dir", cache_dir(), "--json", summary_path.string()});
        CHECK_MESSAGE(run.exit_code == 0, run.err);
        auto results = by_sample(read_json(summary_path));
        REQUIRE(results.size() == 3);
        CHECK(results[1].at("id") == "cand-17");
        CHECK(results[1].at("model") == "qwen3-4b");
        CHECK(results[2].at("id") == "42");
        CHECK_FALSE(results[2].contains("model"));
        CHECK_FALSE(results[3].contains("id"));
        CHECK(results[1].at("verdict") == "pass");
    }

    TEST_CASE("a malformed JSONL line exits 2 naming the file and line") {
        const auto run = run_rtlduet({"score", "--suite", kSuite, "--samples",
                                      source_path("tests/data/score/bad_line.jsonl").string()});
        CHECK(run.exit_code == 2);
        CHECK(run.err.find("bad_line.jsonl:3:") != std::string::npos);
    }

    TEST_CASE("a missing suite exits 2") {
        const auto run = run_rtlduet({"score", "--suite", "/nonexistent/suite", "--samples",
                                      source_path("tests/data/score/mixed.jsonl").string()});
        CHECK(run.exit_code == 2);
    }

    TEST_CASE("real LLM candidates get their known verdicts (failures and a sample of passes)") {
        std::ifstream in(shared_path("llm-candidates/verilog-eval-v2.jsonl"));
        REQUIRE(in);
        auto dir = rtlduet::util::TempDir::create("rtlduet-score-test-");
        REQUIRE(dir);
        std::map<std::string, int> counts;
        std::map<std::string, json> expected;  // "<problem>/<sample>" -> candidate
        std::string samples;
        std::string line;
        for (int passes = 0; std::getline(in, line);) {
            json candidate = json::parse(line);
            const std::string problem = candidate.at("problem");
            const int sample = ++counts[problem];
            const bool is_pass = candidate.at("official") == "pass";
            if (is_pass && passes++ % 30 != 0) {
                continue;
            }
            expected[problem + "/" + std::to_string(sample)] = candidate;
            samples += json({{"problem", problem},
                             {"sample", sample},
                             {"completion", candidate.at("completion")}})
                           .dump() +
                       "\n";
        }
        REQUIRE(rtlduet::util::write_file(dir->path() / "samples.jsonl", samples));
        const auto summary_path = dir->path() / "summary.json";
        const auto run = run_rtlduet({"score", "--suite", kSuite, "--samples",
                                      (dir->path() / "samples.jsonl").string(), "--jobs", "2",
                                      "--cache-dir", cache_dir(), "--json", summary_path.string()});
        CHECK(run.exit_code == 1);  // a subset: most problems have no samples
        const json summary = read_json(summary_path);
        REQUIRE(summary.at("results").size() == expected.size());
        for (const json& r : summary.at("results")) {
            const std::string key = r.at("problem").get<std::string>() + "/" +
                                    std::to_string(r.at("sample").get<int>());
            const json& candidate = expected.at(key);
            const std::string official = candidate.at("official");
            CHECK_MESSAGE(r.at("verdict") == (official == "unknown" ? "skipped" : official),
                          candidate.at("id"));
            CHECK_MESSAGE(r.at("official_verdict") == candidate.at("official_script"),
                          candidate.at("id"));
        }
    }
}
