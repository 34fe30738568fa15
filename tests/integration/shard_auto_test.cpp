// `eval --shard auto` through the binary: the shard comes from Slurm's array variables (0- or
// 1-based ranges, steps; with auto/N the task ID is the shard number), Kubernetes'
// JOB_COMPLETION_INDEX with auto/N, or GitLab's CI_NODE_INDEX; without them, or with numbers
// that do not fit, it is a usage error.
#include <sstream>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "support/run_binary.h"
#include "util/files.h"
#include "util/temp_dir.h"

using rtlduet::testing::run_rtlduet;
using rtlduet::testing::source_path;
using Json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

struct ShardRun {
    rtlduet::testing::BinaryRun run;
    Json manifest;                      // eval.json
    std::vector<std::string> problems;  // of results.jsonl
};

// Three problems, one sample each, replayed from rtlduet-mini's recording (the CI gate's
// options), so shard I/3 holds exactly the I-th problem.
ShardRun eval_with(const std::string& shard, const std::vector<std::string>& env) {
    auto dir = rtlduet::util::TempDir::create("rtlduet-shard-auto-");
    REQUIRE(dir);
    const fs::path out = dir->path() / "out";
    ShardRun result;
    result.run = run_rtlduet({"eval",
                              "--suite",
                              source_path("benchmarks/rtlduet-mini").string(),
                              "--problems",
                              "Prob001*,Prob002*,Prob003*",
                              "-n",
                              "1",
                              "-t",
                              "3",
                              "--samples",
                              "1",
                              "--sim",
                              "iverilog",
                              "--seed",
                              "1",
                              "--vectors",
                              "1000",
                              "--replay",
                              source_path("benchmarks/rtlduet-mini/recording").string(),
                              "--shard",
                              shard,
                              "--out",
                              out.string()},
                             dir->path(), std::chrono::seconds(240), env);
    if (result.run.exit_code == 0) {
        result.manifest = Json::parse(*rtlduet::util::read_file(out / "eval.json"));
        const auto results = rtlduet::util::read_file(out / "results.jsonl");
        REQUIRE(results);
        std::istringstream in(*results);
        for (std::string line; std::getline(in, line);) {
            result.problems.push_back(Json::parse(line)["problem"]);
        }
    }
    return result;
}

}  // namespace

TEST_SUITE("integration.pool") {
    TEST_CASE("--shard auto takes the task of a 0-based Slurm array") {
        const auto r = eval_with("auto", {"SLURM_ARRAY_TASK_ID=1", "SLURM_ARRAY_TASK_COUNT=3",
                                          "SLURM_ARRAY_TASK_MIN=0", "SLURM_ARRAY_TASK_MAX=2"});
        INFO(r.run.err);
        REQUIRE(r.run.exit_code == 0);
        CHECK(r.manifest["shard"] == "2/3");
        CHECK(r.problems == std::vector<std::string>{"Prob002_priority_enc8"});
        CHECK(r.run.err.find("shard 2/3 from SLURM_ARRAY_TASK_ID=1") != std::string::npos);
    }

    TEST_CASE(
        "--shard auto/N takes a Slurm task ID as the shard number (a task resubmitted alone)") {
        const auto r = eval_with("auto/3", {"SLURM_ARRAY_TASK_ID=2", "SLURM_ARRAY_TASK_COUNT=1",
                                            "SLURM_ARRAY_TASK_MIN=2", "SLURM_ARRAY_TASK_MAX=2"});
        INFO(r.run.err);
        REQUIRE(r.run.exit_code == 0);
        CHECK(r.manifest["shard"] == "2/3");
        CHECK(r.problems == std::vector<std::string>{"Prob002_priority_enc8"});
    }

    TEST_CASE("--shard auto/N takes a Kubernetes completion index, counted from 0") {
        const auto r = eval_with("auto/3", {"JOB_COMPLETION_INDEX=2"});
        INFO(r.run.err);
        REQUIRE(r.run.exit_code == 0);
        CHECK(r.manifest["shard"] == "3/3");
        CHECK(r.problems == std::vector<std::string>{"Prob003_sat_add_s8"});
    }

    TEST_CASE("--shard auto refuses what does not say one task of N") {
        const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
            {{}, "no task index in the environment"},
            {{"JOB_COMPLETION_INDEX=1"}, "gives the index but not the count"},
            {{"SLURM_ARRAY_TASK_ID=7", "SLURM_ARRAY_TASK_COUNT=3", "SLURM_ARRAY_TASK_MIN=1"},
             "task 7 of 3"},
            {{"SLURM_ARRAY_TASK_ID=6", "SLURM_ARRAY_TASK_COUNT=3", "SLURM_ARRAY_TASK_MIN=0",
              "SLURM_ARRAY_TASK_STEP=2"},
             "task 4 of 3"},
            {{"SLURM_ARRAY_TASK_ID=3", "SLURM_ARRAY_TASK_COUNT=3", "SLURM_ARRAY_TASK_MIN=0",
              "SLURM_ARRAY_TASK_STEP=2"},
             "not on the array's range"},
            {{"SLURM_ARRAY_TASK_ID=x", "SLURM_ARRAY_TASK_COUNT=3"}, "is not a number"},
        };
        for (const auto& [env, message] : cases) {
            const auto r = eval_with("auto", env);
            INFO(r.run.err);
            CHECK(r.run.exit_code == 2);
            CHECK(r.run.err.find(message) != std::string::npos);
        }
        const auto mismatch = eval_with("auto/4", {"CI_NODE_INDEX=1", "CI_NODE_TOTAL=3"});
        CHECK(mismatch.run.exit_code == 2);
        CHECK(mismatch.run.err.find("the scheduler says 3 tasks") != std::string::npos);
    }
}
