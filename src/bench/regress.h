// bench/regress.h: compares two benchmark summaries (summary.json of `eval` or `score`)
// problem by problem, for CI gates: did pass@1 drop beyond a tolerance, did a problem that
// passed stop passing.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "util/error.h"

namespace rtlduet::bench {

struct ProblemTally {
    std::string problem;
    int samples = 0;
    int passed = 0;
    double pass_rate() const { return samples == 0 ? 0.0 : double(passed) / samples; }
};

struct SummaryTally {
    std::string suite;
    std::string source;  // file it was read from
    double pass_at_1 = 0.0;
    std::vector<ProblemTally> problems;  // sorted by name
};

enum class ProblemChange { Same, Improved, Degraded, NewlyFailing, Added, Removed };

struct ProblemComparison {
    std::string problem;
    ProblemChange change = ProblemChange::Same;
    double baseline_rate = 0.0;
    double current_rate = 0.0;
    int baseline_passed = 0;
    int baseline_samples = 0;
    int current_passed = 0;
    int current_samples = 0;
    bool is_flaky = false;  // named by --flaky: may stop passing without failing the gate
};

struct RegressionReport {
    std::string suite;
    double baseline_pass_at_1 = 0.0;
    double current_pass_at_1 = 0.0;
    double tolerance = 0.0;
    bool pass_at_1_dropped = false;  // by more than the tolerance
    /// With flaky problems the gate compares pass@1 over the other problems only (the mean of
    /// their per-problem pass rates); these are those two values.
    std::optional<std::pair<double, double>> steady_pass_at_1;
    std::vector<ProblemComparison> problems;
    bool is_regression() const;
    /// Problems that passed in the baseline and no longer do, flaky ones left out.
    std::vector<std::string> newly_failing() const;
    /// Flaky problems that stopped passing (reported, not a regression).
    std::vector<std::string> flaky_lost() const;
};

/// Reads the fields regress needs from a summary.json: suite, pass_at_1, results.
util::Result<SummaryTally> read_summary(const std::filesystem::path& path);

/// Refuses (ErrorKind::Input) summaries of different suites. `flaky`: problem name globs
/// (fnmatch) of known-flaky problems.
util::Result<RegressionReport> compare_summaries(const SummaryTally& baseline,
                                                 const SummaryTally& current, double tolerance,
                                                 const std::vector<std::string>& flaky = {});

std::string_view to_string(ProblemChange change);

/// A per-problem table for the terminal.
std::string render_regression_table(const RegressionReport& report);

/// JUnit XML: one testsuite, one testcase per problem, a failure for each problem that
/// stopped passing and one more testcase for the pass@1 gate.
std::string render_regression_junit(const RegressionReport& report);

}  // namespace rtlduet::bench
