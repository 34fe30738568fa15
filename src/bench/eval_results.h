// bench/eval_results.h: what `rtlduet eval` leaves on disk and `merge` reads back: one
// results.jsonl line per finished (problem, sample), eval.json describing the run, and the
// summary built from them (the score command's summary plus the flow's own figures).
#pragma once

#include <compare>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bench/score.h"
#include "bench/summary.h"
#include "util/error.h"

namespace rtlduet::bench {

/// A (problem, sample) pair of an evaluation.
struct PairKey {
    std::string problem;
    int sample = 1;
    auto operator<=>(const PairKey&) const = default;
};

/// `--shard I/N`: the pairs whose index in the sorted list is I-1 modulo N (I is 1-based).
struct Shard {
    int index = 1;
    int count = 1;
    bool operator==(const Shard&) const = default;
};

util::Result<Shard> parse_shard(std::string_view text);

/// Every problem x samples 1..K, sorted by (problem, sample), then the shard's slice.
std::vector<PairKey> shard_pairs(const std::vector<std::string>& problems, int samples,
                                 Shard shard);

/// One results.jsonl line: the official verdict from the scorer, the flow's own figures.
struct EvalRecord {
    SampleResult score;  // problem, sample, verdict, official verdict, simulator, reason
    std::string suite;
    std::string config_hash;
    std::uint64_t seed = 0;
    std::string flow_verdict;  // agreed | best-effort | failed
    int turns = 0;
    double match_rate = 0;
    long long prompt_tokens = 0;
    long long completion_tokens = 0;
    double llm_seconds = 0;  // summed over requests (they overlap)
    double sim_seconds = 0;  // the flow's cross-check simulations
    int sim_builds = 0;      // designs the flow's simulator compiled (cache hits excluded)
    double wall_seconds = 0;
    std::string note;  // how scoring worked around a dataset problem, if it had to
    PairKey key() const { return {score.problem, score.sample}; }
};

std::string to_json_line(const EvalRecord& record);

/// results.jsonl as read back. A last line cut short by a crash (no newline, or not JSON) is
/// left out and reported through `torn_line`; `valid_bytes` is where the good part ends.
struct ResultsLog {
    std::vector<EvalRecord> records;
    std::optional<int> torn_line;
    std::uintmax_t valid_bytes = 0;
};

/// Reads results.jsonl (a missing file is an empty log). A bad line before the last one is
/// an input error naming the file and line.
util::Result<ResultsLog> read_results(const std::filesystem::path& file);

/// Cuts a torn last line off, so the next appended line starts on a line of its own.
util::Status drop_torn_tail(const std::filesystem::path& file, const ResultsLog& log);

/// eval.json: the run's settings, so `--resume` can say what changed and `merge` can check
/// that shards belong together.
struct EvalManifest {
    std::string suite;
    std::string config_hash;
    std::map<std::string, std::string> config;  // the settings behind the hash, for messages
    std::vector<std::string> problems;          // the selection before sharding
    int samples = 1;
    Shard shard;
    Toolchain tools;
    std::vector<std::string> errata;
};

std::string manifest_json(const EvalManifest& manifest);
util::Result<EvalManifest> read_manifest(const std::filesystem::path& file);

/// The settings that differ between two configurations, as "key: a here, b there" phrases.
std::vector<std::string> config_differences(const std::map<std::string, std::string>& here,
                                            const std::map<std::string, std::string>& there);

/// The config hash over settings (sorted by key): 16 hex digits.
std::string config_hash_of(const std::map<std::string, std::string>& config);

/// The score summary of the records whose problem is in `selected`, with `manifest`'s
/// suite, hash, tools and errata.
Summary summarize_records(const EvalManifest& manifest, const std::vector<std::string>& selected,
                          const std::vector<EvalRecord>& records);

/// How often one flow verdict met a passing and a not passing official verdict.
struct OfficialCounts {
    int pass = 0;
    int not_pass = 0;
};

/// The flow's own figures over the records a summary counts: summary.json's "eval" object
/// and report.html's flow columns are both written from this.
struct EvalFigures {
    std::vector<const EvalRecord*> records;  // the counted ones, in the records' order
    std::map<std::string, int> flow_verdicts;
    std::map<std::string, OfficialCounts> flow_against_official;
    double mean_turns = 0;
    long long prompt_tokens = 0;
    long long completion_tokens = 0;
    double llm_seconds = 0;
    double sim_seconds = 0;
    long long sim_builds = 0;
    double wall_seconds = 0;
};

/// `records` must outlive the figures.
EvalFigures eval_figures(const Summary& summary, const std::vector<EvalRecord>& records);

/// summary.json: score's format plus an "eval" object (flow verdicts and how they relate to
/// the official ones, turns, tokens, seconds).
std::string eval_summary_json(const Summary& summary, const std::vector<EvalRecord>& records);

/// For the terminal, after the score table: the flow's verdicts against the official
/// testbench's, and the pairs the flow agreed on that the official testbench fails.
std::string render_flow_against_official(const EvalFigures& figures);

/// report.html of an evaluation: score's page plus the flow's verdict against the official one
/// per sample ("agreed but official fail" marked) and in total. With `link_pairs`, each sample
/// links to its pair's report (<problem>/sample<NN>/report.html, relative to the page).
std::string render_eval_html(const Summary& summary, const EvalFigures& figures, bool link_pairs);

/// Shard outputs combined: one record per (problem, sample), the selections united.
struct MergedEval {
    EvalManifest manifest;            // shard 1/1
    std::vector<EvalRecord> records;  // sorted by (problem, sample)
    int duplicates = 0;               // lines dropped because their pair was already there
    std::vector<PairKey> missing;     // pairs of the united selection without a result
    std::vector<std::string> warnings;
};

/// Reads DIR/eval.json and DIR/results.jsonl of each eval output. Outputs of different suites
/// or config hashes are an input error that says what differs.
util::Result<MergedEval> merge_evals(const std::vector<std::filesystem::path>& dirs);

}  // namespace rtlduet::bench
