// bench/regress.cpp: summary comparison for CI regression gates.
#include "bench/regress.h"

#include <algorithm>
#include <cmath>
#include <fnmatch.h>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bench/detail/xml_text.h"
#include "util/files.h"

namespace rtlduet::bench {
namespace {

using util::ErrorKind;
using Json = nlohmann::json;
constexpr double kEpsilon = 1e-9;

ProblemComparison compare_problem(const ProblemTally* base, const ProblemTally* now) {
    ProblemComparison row;
    row.problem = base != nullptr ? base->problem : now->problem;
    if (base != nullptr) {
        row.baseline_rate = base->pass_rate();
        row.baseline_passed = base->passed;
        row.baseline_samples = base->samples;
    }
    if (now != nullptr) {
        row.current_rate = now->pass_rate();
        row.current_passed = now->passed;
        row.current_samples = now->samples;
    }
    if (base == nullptr) {
        row.change = ProblemChange::Added;
    } else if (now == nullptr) {
        row.change = ProblemChange::Removed;
    } else if (base->passed > 0 && now->passed == 0) {
        row.change = ProblemChange::NewlyFailing;
    } else if (row.current_rate < row.baseline_rate - kEpsilon) {
        row.change = ProblemChange::Degraded;
    } else if (row.current_rate > row.baseline_rate + kEpsilon) {
        row.change = ProblemChange::Improved;
    }
    return row;
}

bool was_lost(const ProblemComparison& row) {
    return row.change == ProblemChange::NewlyFailing ||
           (row.change == ProblemChange::Removed && row.baseline_passed > 0);
}

bool matches_any(const std::string& problem, const std::vector<std::string>& globs) {
    return std::any_of(globs.begin(), globs.end(), [&](const std::string& glob) {
        return ::fnmatch(glob.c_str(), problem.c_str(), 0) == 0;
    });
}

// Mean pass rate of the problems that are not flaky and have samples on this side.
double steady_mean(const std::vector<ProblemComparison>& rows, bool is_baseline) {
    double sum = 0.0;
    int counted = 0;
    for (const ProblemComparison& row : rows) {
        const int samples = is_baseline ? row.baseline_samples : row.current_samples;
        if (!row.is_flaky && samples > 0) {
            sum += is_baseline ? row.baseline_rate : row.current_rate;
            ++counted;
        }
    }
    return counted == 0 ? 0.0 : sum / counted;
}

}  // namespace

std::string_view to_string(ProblemChange change) {
    switch (change) {
        case ProblemChange::Same:
            return "same";
        case ProblemChange::Improved:
            return "improved";
        case ProblemChange::Degraded:
            return "degraded";
        case ProblemChange::NewlyFailing:
            return "newly failing";
        case ProblemChange::Added:
            return "added";
        case ProblemChange::Removed:
            return "removed";
    }
    return "same";
}

bool RegressionReport::is_regression() const {
    return pass_at_1_dropped || !newly_failing().empty();
}

std::vector<std::string> RegressionReport::newly_failing() const {
    std::vector<std::string> names;
    for (const ProblemComparison& row : problems) {
        if (was_lost(row) && !row.is_flaky) {
            names.push_back(row.problem);
        }
    }
    return names;
}

std::vector<std::string> RegressionReport::flaky_lost() const {
    std::vector<std::string> names;
    for (const ProblemComparison& row : problems) {
        if (was_lost(row) && row.is_flaky) {
            names.push_back(row.problem);
        }
    }
    return names;
}

util::Result<SummaryTally> read_summary(const std::filesystem::path& path) {
    auto text = util::read_file(path);
    if (!text) {
        return text.error();
    }
    SummaryTally tally;
    tally.source = path.string();
    try {
        const Json json = Json::parse(*text);
        tally.suite = json.at("suite").get<std::string>();
        tally.pass_at_1 = json.at("pass_at_1").get<double>();
        std::map<std::string, ProblemTally> problems;
        for (const Json& result : json.at("results")) {
            const std::string problem = result.at("problem").get<std::string>();
            const std::string verdict = result.at("verdict").get<std::string>();
            ProblemTally& row = problems[problem];
            row.problem = problem;
            if (verdict == "skipped") {
                continue;  // a known-bad problem (dataset erratum) counts for neither side
            }
            row.samples += 1;
            row.passed += verdict == "pass" ? 1 : 0;
        }
        for (auto& [name, row] : problems) {
            tally.problems.push_back(std::move(row));
        }
    } catch (const Json::exception& e) {
        return util::make_error(ErrorKind::Input,
                                fmt::format("{}: not a summary.json (needs suite, pass_at_1, "
                                            "results): {}",
                                            path.string(), e.what()));
    }
    return tally;
}

util::Result<RegressionReport> compare_summaries(const SummaryTally& baseline,
                                                 const SummaryTally& current, double tolerance,
                                                 const std::vector<std::string>& flaky) {
    if (baseline.suite != current.suite) {
        return util::make_error(
            ErrorKind::Input,
            fmt::format("refusing to compare different suites: {} is \"{}\", "
                        "{} is \"{}\"",
                        baseline.source, baseline.suite, current.source, current.suite));
    }
    RegressionReport report{.suite = baseline.suite,
                            .baseline_pass_at_1 = baseline.pass_at_1,
                            .current_pass_at_1 = current.pass_at_1,
                            .tolerance = tolerance};
    std::map<std::string, std::pair<const ProblemTally*, const ProblemTally*>> joined;
    for (const ProblemTally& row : baseline.problems) {
        joined[row.problem].first = &row;
    }
    for (const ProblemTally& row : current.problems) {
        joined[row.problem].second = &row;
    }
    for (const auto& [name, sides] : joined) {
        report.problems.push_back(compare_problem(sides.first, sides.second));
        report.problems.back().is_flaky = matches_any(name, flaky);
    }
    double before = baseline.pass_at_1;
    double after = current.pass_at_1;
    if (!flaky.empty()) {
        before = steady_mean(report.problems, true);
        after = steady_mean(report.problems, false);
        report.steady_pass_at_1 = std::pair(before, after);
    }
    report.pass_at_1_dropped = before - after > tolerance + kEpsilon;
    return report;
}

std::string render_regression_table(const RegressionReport& report) {
    std::string out =
        fmt::format("{:<40} {:>10} {:>10}  {}\n", "problem", "baseline", "current", "change");
    for (const ProblemComparison& row : report.problems) {
        if (row.change == ProblemChange::Same) {
            continue;
        }
        out += fmt::format("{:<40} {:>4}/{:<5} {:>4}/{:<5}  {}\n", row.problem, row.baseline_passed,
                           row.baseline_samples, row.current_passed, row.current_samples,
                           to_string(row.change));
    }
    const std::size_t unchanged = static_cast<std::size_t>(
        std::count_if(report.problems.begin(), report.problems.end(),
                      [](const auto& row) { return row.change == ProblemChange::Same; }));
    out += fmt::format("{} problems unchanged\n", unchanged);
    const char* gate = report.pass_at_1_dropped ? "DROPPED" : "ok";
    if (report.steady_pass_at_1) {
        out += fmt::format("pass@1: baseline {:.4f}, current {:.4f}\n", report.baseline_pass_at_1,
                           report.current_pass_at_1);
        out += fmt::format(
            "pass@1 without flaky problems: baseline {:.4f}, current {:.4f} (tolerance {:.4f}): "
            "{}\n",
            report.steady_pass_at_1->first, report.steady_pass_at_1->second, report.tolerance,
            gate);
    } else {
        out += fmt::format("pass@1: baseline {:.4f}, current {:.4f} (tolerance {:.4f}): {}\n",
                           report.baseline_pass_at_1, report.current_pass_at_1, report.tolerance,
                           gate);
    }
    const auto lost = report.newly_failing();
    if (!lost.empty()) {
        out += fmt::format("no longer passing: {}\n", fmt::join(lost, ", "));
    }
    const auto flaky = report.flaky_lost();
    if (!flaky.empty()) {
        out += fmt::format("no longer passing, allowed as flaky: {}\n", fmt::join(flaky, ", "));
    }
    out += report.is_regression() ? "verdict: regression\n" : "verdict: no regression\n";
    return out;
}

std::string render_regression_junit(const RegressionReport& report) {
    const auto lost = report.newly_failing();
    const std::size_t failures = lost.size() + (report.pass_at_1_dropped ? 1 : 0);
    std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    xml += fmt::format("<testsuites name=\"rtlduet regress\" tests=\"{}\" failures=\"{}\">\n",
                       report.problems.size() + 1, failures);
    xml += fmt::format(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" "
        "skipped=\"0\">\n",
        detail::xml_escape(report.suite), report.problems.size() + 1, failures);
    xml += fmt::format("    <testcase classname=\"{}\" name=\"pass@1\">\n",
                       detail::xml_escape(report.suite));
    if (report.pass_at_1_dropped) {
        xml += fmt::format(
            "      <failure message=\"pass@1 dropped from {:.4f} to {:.4f} "
            "(tolerance {:.4f})\"/>\n",
            report.baseline_pass_at_1, report.current_pass_at_1, report.tolerance);
    }
    xml += "    </testcase>\n";
    for (const ProblemComparison& row : report.problems) {
        xml += fmt::format("    <testcase classname=\"{}\" name=\"{}\">\n",
                           detail::xml_escape(report.suite), detail::xml_escape(row.problem));
        const bool is_lost = std::find(lost.begin(), lost.end(), row.problem) != lost.end();
        if (is_lost) {
            xml += fmt::format(
                "      <failure message=\"{}: passed {}/{} in the baseline, {}/{} "
                "now\"/>\n",
                to_string(row.change), row.baseline_passed, row.baseline_samples,
                row.current_passed, row.current_samples);
        }
        xml += fmt::format("      <system-out>{}{}: baseline {}/{}, current {}/{}</system-out>\n",
                           to_string(row.change), row.is_flaky ? " (flaky, allowed)" : "",
                           row.baseline_passed, row.baseline_samples, row.current_passed,
                           row.current_samples);
        xml += "    </testcase>\n";
    }
    xml += "  </testsuite>\n</testsuites>\n";
    return xml;
}

}  // namespace rtlduet::bench
