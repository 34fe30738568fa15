// bench/eval_results: shards, results.jsonl lines read back (torn last line), eval.json and
// merging shard outputs.
#include "bench/eval_results.h"

#include <set>

#include <doctest/doctest.h>

#include "util/files.h"
#include "util/temp_dir.h"

namespace bench = rtlduet::bench;
namespace util = rtlduet::util;
namespace fs = std::filesystem;

namespace {

bench::EvalRecord record(const std::string& problem, int sample, bench::Verdict verdict,
                         const std::string& hash = "h1") {
    bench::EvalRecord r;
    r.score = {.problem = problem,
               .sample = sample,
               .verdict = verdict,
               .official_verdict =
                   verdict == bench::Verdict::Pass ? bench::Verdict::Pass : bench::Verdict::Fail,
               .simulator = "iverilog 11.0",
               .seconds = 0.5};
    r.suite = "mini";
    r.config_hash = hash;
    r.seed = 1 + static_cast<std::uint64_t>(sample - 1);
    r.flow_verdict = "agreed";
    r.turns = 1;
    r.match_rate = 1.0;
    r.prompt_tokens = 100;
    r.completion_tokens = 50;
    return r;
}

std::string lines_of(const std::vector<bench::EvalRecord>& records) {
    std::string text;
    for (const bench::EvalRecord& r : records) {
        text += bench::to_json_line(r) + "\n";
    }
    return text;
}

bench::EvalManifest manifest(std::vector<std::string> problems, int samples,
                             const std::string& hash = "h1") {
    return {.suite = "mini",
            .config_hash = hash,
            .config = {{"turns", hash == "h1" ? "3" : "2"}},
            .problems = std::move(problems),
            .samples = samples};
}

void write_output(const fs::path& dir, const bench::EvalManifest& m,
                  const std::vector<bench::EvalRecord>& records) {
    REQUIRE(util::write_file(dir / "eval.json", bench::manifest_json(m)));
    REQUIRE(util::write_file(dir / "results.jsonl", lines_of(records)));
}

}  // namespace

TEST_SUITE("bench.eval_results") {
    TEST_CASE("a shard is I/N with 1 <= I <= N") {
        auto shard = bench::parse_shard("2/4");
        REQUIRE(shard);
        CHECK(*shard == bench::Shard{.index = 2, .count = 4});
        for (const char* bad : {"0/4", "5/4", "a/b", "3", "1/0", "1/2x", ""}) {
            CHECK_FALSE(bench::parse_shard(bad));
        }
    }

    TEST_CASE("shards are disjoint, complete and take every N-th pair of the sorted list") {
        const std::vector<std::string> problems = {"P2", "P1", "P3"};
        std::set<bench::PairKey> seen;
        for (int i = 1; i <= 4; ++i) {
            for (const bench::PairKey& key : bench::shard_pairs(problems, 2, {i, 4})) {
                CHECK(seen.insert(key).second);
            }
        }
        CHECK(seen.size() == 6);
        const auto first = bench::shard_pairs(problems, 2, {1, 4});
        REQUIRE(first.size() == 2);
        CHECK(first[0] == bench::PairKey{"P1", 1});
        CHECK(first[1] == bench::PairKey{"P3", 1});
        CHECK(bench::shard_pairs(problems, 2, {}).size() == 6);
    }

    TEST_CASE("a results line reads back as written") {
        bench::EvalRecord r = record("P1", 2, bench::Verdict::Timeout);
        r.score.reason = "wall timeout";
        r.score.log_tail = "TIMEOUT\n";
        r.note = "ran under Verilator";
        auto dir = util::TempDir::create("rtlduet-test-");
        REQUIRE(dir);
        REQUIRE(util::write_file(dir->path() / "results.jsonl", lines_of({r})));
        auto log = bench::read_results(dir->path() / "results.jsonl");
        REQUIRE(log);
        REQUIRE(log->records.size() == 1);
        const bench::EvalRecord& back = log->records[0];
        CHECK(back.score == r.score);
        CHECK(back.seed == 2);
        CHECK(back.note == r.note);
        CHECK(back.prompt_tokens == 100);
        CHECK_FALSE(log->torn_line);
    }

    TEST_CASE("a torn last line is reported and cut off; a bad earlier line is an error") {
        auto dir = util::TempDir::create("rtlduet-test-");
        REQUIRE(dir);
        const fs::path file = dir->path() / "results.jsonl";
        const std::string good = lines_of(
            {record("P1", 1, bench::Verdict::Pass), record("P2", 1, bench::Verdict::Fail)});
        REQUIRE(util::write_file(file, good + R"({"problem":"P3","sam)"));
        auto log = bench::read_results(file);
        REQUIRE(log);
        CHECK(log->records.size() == 2);
        CHECK(log->torn_line == 3);
        CHECK(log->valid_bytes == good.size());
        REQUIRE(bench::drop_torn_tail(file, *log));
        CHECK(*util::read_file(file) == good);

        REQUIRE(util::write_file(file, "not json\n" + good));
        auto bad = bench::read_results(file);
        REQUIRE_FALSE(bad);
        CHECK(bad.error().kind == util::ErrorKind::Input);
        CHECK(bad.error().where->line == 1);

        auto missing = bench::read_results(dir->path() / "none.jsonl");
        REQUIRE(missing);
        CHECK(missing->records.empty());
    }

    TEST_CASE("config differences name each changed setting") {
        const auto differences = bench::config_differences({{"turns", "2"}, {"seed", "1"}},
                                                           {{"turns", "3"}, {"seed", "1"}});
        REQUIRE(differences.size() == 1);
        CHECK(differences[0] == "turns: '2' now, '3' before");
        CHECK(bench::config_hash_of({{"turns", "2"}}) != bench::config_hash_of({{"turns", "3"}}));
    }

    TEST_CASE("merging shards keeps one result per pair and lists the missing ones") {
        auto dir = util::TempDir::create("rtlduet-test-");
        REQUIRE(dir);
        const fs::path a = dir->path() / "a";
        const fs::path b = dir->path() / "b";
        write_output(
            a, manifest({"P1", "P2"}, 2),
            {record("P1", 1, bench::Verdict::Pass), record("P2", 1, bench::Verdict::Fail)});
        write_output(
            b, manifest({"P1", "P2"}, 2),
            {record("P1", 1, bench::Verdict::Fail), record("P1", 2, bench::Verdict::Pass)});
        auto merged = bench::merge_evals({a, b});
        REQUIRE(merged);
        REQUIRE(merged->records.size() == 3);
        CHECK(merged->records[0].score.verdict == bench::Verdict::Pass);  // the first one wins
        CHECK(merged->duplicates == 1);
        REQUIRE(merged->missing.size() == 1);
        CHECK(merged->missing[0] == bench::PairKey{"P2", 2});
        const bench::Summary summary =
            bench::summarize_records(merged->manifest, merged->manifest.problems, merged->records);
        CHECK(summary.verdicts.pass == 2);
        CHECK(summary.verdicts.fail == 1);
    }

    TEST_CASE("merging refuses other options and directories that are not eval outputs") {
        auto dir = util::TempDir::create("rtlduet-test-");
        REQUIRE(dir);
        const fs::path a = dir->path() / "a";
        const fs::path b = dir->path() / "b";
        write_output(a, manifest({"P1"}, 1), {record("P1", 1, bench::Verdict::Pass)});
        write_output(b, manifest({"P1"}, 1, "h2"), {record("P1", 1, bench::Verdict::Pass, "h2")});
        auto refused = bench::merge_evals({a, b});
        REQUIRE_FALSE(refused);
        CHECK(refused.error().kind == util::ErrorKind::Input);
        CHECK(refused.error().detail.find("turns: '2' now, '3' before") != std::string::npos);
        auto not_eval = bench::merge_evals({dir->path()});
        REQUIRE_FALSE(not_eval);
        CHECK(not_eval.error().message.find("is not an eval output") != std::string::npos);
    }
}
