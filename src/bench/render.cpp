// bench/render.cpp: the human-facing views of a Summary: the per-problem table with totals
// (no durations, so outputs compare across runs) and JUnit XML for CI systems.
#include <algorithm>

#include <fmt/format.h>

#include "bench/detail/xml_text.h"
#include "bench/summary.h"

namespace rtlduet::bench {
namespace {

using detail::xml_escape;

std::string failure_text(const Summary& summary, const ProblemRow& row) {
    std::string text;
    for (const SampleResult& r : summary.results) {
        if (r.problem != row.problem || r.verdict == Verdict::Pass) {
            continue;
        }
        text += fmt::format("sample {}: {} ({}): {}\n", r.sample, to_string(r.verdict),
                            r.simulator.empty() ? "-" : r.simulator, r.reason);
        if (!r.log_tail.empty()) {
            text += r.log_tail + (r.log_tail.ends_with('\n') ? "" : "\n");
        }
    }
    return text;
}

// Every erratum as a testsuite property, so CI views list them next to the results.
std::string errata_properties(const Summary& summary) {
    if (summary.errata.empty() && summary.problem_errata.empty()) {
        return "";
    }
    std::string out = "  <properties>\n";
    for (const std::string& erratum : summary.errata) {
        out += fmt::format("    <property name=\"erratum\" value=\"{}\"/>\n", xml_escape(erratum));
    }
    for (const Erratum& erratum : summary.problem_errata) {
        out += fmt::format("    <property name=\"erratum {}\" value=\"{}: {}\"/>\n",
                           xml_escape(erratum.problem), xml_escape(erratum.handling),
                           xml_escape(erratum.reason));
    }
    return out + "  </properties>\n";
}

double problem_seconds(const Summary& summary, const std::string& problem) {
    double seconds = 0;
    for (const SampleResult& r : summary.results) {
        seconds += r.problem == problem ? r.seconds : 0.0;
    }
    return seconds;
}

}  // namespace

std::string render_table(const Summary& summary) {
    std::size_t width = std::string_view("total").size();
    for (const ProblemRow& row : summary.rows) {
        width = std::max(width, row.problem.size());
    }
    std::string out =
        fmt::format("{:<{}}  {:>7} {:>5} {:>5} {:>8} {:>7} {:>7} {:>5} {:>6}  {:<15} {}\n",
                    "problem", width, "samples", "pass", "fail", "compile", "timeout", "skipped",
                    "error", "pass@1", "simulator", "note");
    for (const ProblemRow& row : summary.rows) {
        const VerdictCounts& c = row.counts;
        out += fmt::format(
            "{:<{}}  {:>7} {:>5} {:>5} {:>8} {:>7} {:>7} {:>5} {:>6.3f}  {:<15} {}\n", row.problem,
            width, c.total(), c.pass, c.fail, c.compile_error, c.timeout, c.skipped, c.error,
            row.pass_at_1, row.simulator.empty() ? "-" : row.simulator, row.note);
    }
    const VerdictCounts& v = summary.verdicts;
    out += fmt::format("{:<{}}  {:>7} {:>5} {:>5} {:>8} {:>7} {:>7} {:>5} {:>6.3f}\n", "total",
                       width, v.total(), v.pass, v.fail, v.compile_error, v.timeout, v.skipped,
                       v.error, summary.pass_at_1);
    std::string ks;
    for (const auto& [k, value] : summary.pass_at_k) {
        ks += fmt::format("{}pass@{} {:.4f}", ks.empty() ? "" : ", ", k, value);
    }
    out += fmt::format("{} problems scored ({} skipped), {} samples per problem: {}\n",
                       summary.scored_problems, summary.skipped_problems.size(),
                       summary.samples_per_problem, ks.empty() ? "no pass@k" : ks);
    if (summary.official_pass_at_1 != summary.pass_at_1) {
        out += fmt::format(
            "official script pass@1 {:.4f} over {} problems (it counts TIMEOUT "
            "lines and skipped problems as failures)\n",
            summary.official_pass_at_1, summary.problems);
    }
    if (!summary.problems_without_samples.empty()) {
        out += fmt::format("{} selected problems have no samples\n",
                           summary.problems_without_samples.size());
    }
    if (!summary.problem_errata.empty() || !summary.errata.empty()) {
        out += "errata:\n";
    }
    for (const std::string& erratum : summary.errata) {
        out += fmt::format("  {}\n", erratum);
    }
    for (const Erratum& erratum : summary.problem_errata) {
        out += fmt::format("  {} ({}): {}\n", erratum.problem, erratum.handling, erratum.reason);
    }
    return out;
}

std::string render_junit(const Summary& summary) {
    int failures = 0;
    int errors = 0;
    int skipped = 0;
    double total_seconds = 0;
    std::string cases;
    for (const ProblemRow& row : summary.rows) {
        const double seconds = problem_seconds(summary, row.problem);
        total_seconds += seconds;
        cases += fmt::format("  <testcase classname=\"{}\" name=\"{}\" time=\"{:.3f}\"",
                             xml_escape(summary.suite), xml_escape(row.problem), seconds);
        const int scored = row.counts.total() - row.counts.skipped;
        if (scored == 0) {
            ++skipped;
            cases += fmt::format(">\n    <skipped message=\"{}\"/>\n  </testcase>\n",
                                 xml_escape(row.note));
        } else if (row.counts.error > 0) {
            ++errors;
            cases += fmt::format(
                ">\n    <error message=\"{} of {} samples could not be evaluated\" "
                "type=\"error\">{}</error>\n  </testcase>\n",
                row.counts.error, scored, xml_escape(failure_text(summary, row)));
        } else if (row.counts.pass < scored) {
            ++failures;
            cases += fmt::format(
                ">\n    <failure message=\"{} of {} samples pass\" type=\"verdict\">{}</failure>\n"
                "  </testcase>\n",
                row.counts.pass, scored, xml_escape(failure_text(summary, row)));
        } else {
            cases += "/>\n";
        }
    }
    return fmt::format(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" "
        "time=\"{:.3f}\">\n{}{}</testsuite>\n",
        xml_escape("rtlduet score " + summary.suite), summary.rows.size(), failures, errors,
        skipped, total_seconds, errata_properties(summary), cases);
}

}  // namespace rtlduet::bench
