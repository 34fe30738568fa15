// bench/summary.h: what a scoring run reports: pass@k (unbiased estimator), per-problem rows,
// summary.json (the DESIGN.md contract), the human table and JUnit XML. `eval` and `merge`
// build the same Summary from their results.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "bench/score.h"

namespace rtlduet::bench {

/// Unbiased pass@k for one problem with n samples of which c pass: 1 - C(n-c,k)/C(n,k),
/// computed as 1 - prod_{i=n-c+1..n} (1 - k/i). Requires 1 <= k <= n.
double pass_at_k(int n, int c, int k);

struct VerdictCounts {
    int pass = 0;
    int fail = 0;
    int compile_error = 0;
    int timeout = 0;
    int skipped = 0;
    int error = 0;
    void add(Verdict verdict);
    int total() const { return pass + fail + compile_error + timeout + skipped + error; }
    bool operator==(const VerdictCounts&) const = default;
};

struct ProblemRow {
    std::string problem;
    VerdictCounts counts;
    double pass_at_1 = 0;           // over non-skipped samples
    double official_pass_at_1 = 0;  // the dataset script's verdicts, skipped samples included
    std::string simulator;          // what decided (most samples), empty when none ran
    std::string note;               // skip reason or how the problem was worked around
};

/// What summarize() needs besides the results.
struct SummaryContext {
    std::string suite;
    std::vector<std::string> selected_problems;  // problems asked for, with or without samples
    std::map<std::string, std::string> notes;    // per-problem note (plan notes)
    std::vector<std::string> errata;
    std::string config_hash;
    Toolchain tools;
};

/// A problem the suite's data forced rtlduet to skip or to score in a special way.
struct Erratum {
    std::string problem;
    std::string handling;  // "skipped" or "worked around"
    std::string reason;
};

struct Summary {
    std::string suite;
    int problems = 0;             // problems with at least one sample
    int scored_problems = 0;      // of those, not skipped: the pass@k average runs over these
    int samples_per_problem = 0;  // smallest sample count among scored problems
    double pass_at_1 = 0;
    double official_pass_at_1 = 0;  // over all problems with samples
    std::map<int, double> pass_at_k;
    VerdictCounts verdicts;
    std::vector<ProblemRow> rows;  // by problem name
    std::vector<std::string> skipped_problems;
    std::vector<std::string> problems_without_samples;
    std::vector<SampleResult> results;    // by problem, then sample
    std::vector<std::string> errata;      // suite-wide (suite.json)
    std::vector<Erratum> problem_errata;  // every skipped or worked-around problem, by name
    std::string config_hash;
    Toolchain tools;
};

Summary summarize(const SummaryContext& context, std::vector<SampleResult> results);

/// summary.json: suite, problems, samples_per_problem, pass_at_1, pass_at_k, verdicts,
/// results [{problem, sample, verdict, official_verdict, simulator, reason, seconds}],
/// config_hash, tools, plus official_pass_at_1, skipped_problems, problem_errata and
/// per-problem rows.
std::string summary_json(const Summary& summary);
util::Status write_summary(const std::filesystem::path& path, const Summary& summary);

/// The per-problem table with totals and the errata, for stdout.
std::string render_table(const Summary& summary);

/// JUnit XML: one testsuite, one testcase per problem (failure lists the samples that did not
/// pass with their log tails, errors are <error>; skipped problems are <skipped>; every
/// erratum is also a testsuite property).
std::string render_junit(const Summary& summary);

/// report.html of `score`: pass@k, verdicts by kind, per-problem and per-sample tables with
/// filters, one self-contained page (docs/outputs.md).
std::string render_html(const Summary& summary);

}  // namespace rtlduet::bench
