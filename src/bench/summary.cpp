// bench/summary.cpp: aggregates sample results into per-problem rows and suite figures
// (pass@k averaged over scored problems) and writes summary.json.
#include "bench/summary.h"

#include <algorithm>
#include <tuple>

#include <nlohmann/json.hpp>

#include "util/files.h"

namespace rtlduet::bench {
namespace {

constexpr int kReportedK[] = {1, 5, 10, 20, 50, 100};

// The simulator that decided most of a problem's samples.
std::string main_simulator(const std::vector<const SampleResult*>& results) {
    std::map<std::string, int> votes;
    for (const SampleResult* result : results) {
        if (!result->simulator.empty()) {
            ++votes[result->simulator];
        }
    }
    const auto best =
        std::max_element(votes.begin(), votes.end(),
                         [](const auto& a, const auto& b) { return a.second < b.second; });
    return best == votes.end() ? "" : best->first;
}

ProblemRow make_row(const std::string& problem, const std::vector<const SampleResult*>& results,
                    const SummaryContext& context) {
    ProblemRow row{.problem = problem, .simulator = main_simulator(results)};
    int official_passes = 0;
    for (const SampleResult* result : results) {
        row.counts.add(result->verdict);
        official_passes += result->official_verdict == Verdict::Pass ? 1 : 0;
        if (result->verdict == Verdict::Skipped && row.note.empty()) {
            row.note = result->reason;
        }
    }
    const int scored = row.counts.total() - row.counts.skipped;
    row.pass_at_1 = scored > 0 ? pass_at_k(scored, row.counts.pass, 1) : 0.0;
    row.official_pass_at_1 =
        static_cast<double>(official_passes) / static_cast<double>(results.size());
    if (row.note.empty()) {
        const auto note = context.notes.find(problem);
        row.note = note == context.notes.end() ? "" : note->second;
    }
    return row;
}

nlohmann::json problem_errata_json(const std::vector<Erratum>& errata) {
    nlohmann::json out = nlohmann::json::array();
    for (const Erratum& erratum : errata) {
        out.push_back({{"problem", erratum.problem},
                       {"handling", erratum.handling},
                       {"reason", erratum.reason}});
    }
    return out;
}

}  // namespace

double pass_at_k(int n, int c, int k) {
    if (n - c < k) {
        return 1.0;
    }
    double all_fail = 1.0;
    for (int i = n - c + 1; i <= n; ++i) {
        all_fail *= 1.0 - static_cast<double>(k) / static_cast<double>(i);
    }
    return 1.0 - all_fail;
}

void VerdictCounts::add(Verdict verdict) {
    int* slots[] = {&pass, &fail, &compile_error, &timeout, &skipped, &error};
    ++*slots[static_cast<int>(verdict)];
}

Summary summarize(const SummaryContext& context, std::vector<SampleResult> results) {
    std::sort(results.begin(), results.end(), [](const SampleResult& a, const SampleResult& b) {
        return std::tie(a.problem, a.sample) < std::tie(b.problem, b.sample);
    });
    Summary summary{.suite = context.suite,
                    .errata = context.errata,
                    .config_hash = context.config_hash,
                    .tools = context.tools};
    std::map<std::string, std::vector<const SampleResult*>> by_problem;
    for (const SampleResult& result : results) {
        by_problem[result.problem].push_back(&result);
        summary.verdicts.add(result.verdict);
    }
    double official_sum = 0;
    std::map<int, double> sums;
    for (const auto& [problem, problem_results] : by_problem) {
        ProblemRow row = make_row(problem, problem_results, context);
        official_sum += row.official_pass_at_1;
        const int scored = row.counts.total() - row.counts.skipped;
        if (!row.note.empty()) {
            summary.problem_errata.push_back(
                {problem, scored == 0 ? "skipped" : "worked around", row.note});
        }
        if (scored == 0) {
            summary.skipped_problems.push_back(problem);
        } else {
            ++summary.scored_problems;
            summary.samples_per_problem = summary.samples_per_problem == 0
                                              ? scored
                                              : std::min(summary.samples_per_problem, scored);
        }
        summary.rows.push_back(std::move(row));
    }
    summary.problems = static_cast<int>(summary.rows.size());
    for (const int k : kReportedK) {
        if (summary.scored_problems == 0 || k > summary.samples_per_problem) {
            break;
        }
        double sum = 0;
        for (const ProblemRow& row : summary.rows) {
            const int scored = row.counts.total() - row.counts.skipped;
            sum += scored > 0 ? pass_at_k(scored, row.counts.pass, k) : 0.0;
        }
        summary.pass_at_k[k] = sum / summary.scored_problems;
    }
    summary.pass_at_1 = summary.pass_at_k.empty() ? 0.0 : summary.pass_at_k[1];
    summary.official_pass_at_1 = summary.problems > 0 ? official_sum / summary.problems : 0.0;
    for (const std::string& problem : context.selected_problems) {
        if (!by_problem.contains(problem)) {
            summary.problems_without_samples.push_back(problem);
        }
    }
    summary.results = std::move(results);
    return summary;
}

std::string summary_json(const Summary& summary) {
    using nlohmann::json;
    json pass_at_k = json::object();
    for (const auto& [k, value] : summary.pass_at_k) {
        pass_at_k[std::to_string(k)] = value;
    }
    const VerdictCounts& v = summary.verdicts;
    json out = {
        {"suite", summary.suite},
        {"problems", summary.problems},
        {"scored_problems", summary.scored_problems},
        {"samples_per_problem", summary.samples_per_problem},
        {"pass_at_1", summary.pass_at_1},
        {"official_pass_at_1", summary.official_pass_at_1},
        {"pass_at_k", pass_at_k},
        {"verdicts",
         {{"pass", v.pass},
          {"fail", v.fail},
          {"compile_error", v.compile_error},
          {"timeout", v.timeout},
          {"skipped", v.skipped},
          {"error", v.error}}},
        {"skipped_problems", summary.skipped_problems},
        {"problems_without_samples", summary.problems_without_samples},
        {"errata", summary.errata},
        {"problem_errata", problem_errata_json(summary.problem_errata)},
        {"config_hash", summary.config_hash},
        {"tools", {{"iverilog", summary.tools.iverilog}, {"verilator", summary.tools.verilator}}}};
    json rows = json::array();
    for (const ProblemRow& row : summary.rows) {
        rows.push_back({{"problem", row.problem},
                        {"samples", row.counts.total()},
                        {"pass", row.counts.pass},
                        {"pass_at_1", row.pass_at_1},
                        {"official_pass_at_1", row.official_pass_at_1},
                        {"simulator", row.simulator},
                        {"note", row.note}});
    }
    out["per_problem"] = rows;
    json results = json::array();
    for (const SampleResult& r : summary.results) {
        json entry = {{"problem", r.problem},
                      {"sample", r.sample},
                      {"verdict", to_string(r.verdict)},
                      {"official_verdict", to_string(r.official_verdict)},
                      {"simulator", r.simulator},
                      {"reason", r.reason},
                      {"seconds", r.seconds}};
        if (!r.log_tail.empty()) {
            entry["log_tail"] = r.log_tail;
        }
        for (const auto& [key, value] : {std::pair{"id", &r.id}, std::pair{"model", &r.model}}) {
            if (!value->empty()) {
                entry[key] = *value;
            }
        }
        results.push_back(std::move(entry));
    }
    out["results"] = results;
    return out.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

util::Status write_summary(const std::filesystem::path& path, const Summary& summary) {
    if (path.has_parent_path()) {
        if (auto made = util::make_directories(path.parent_path()); !made) {
            return made.error();
        }
    }
    return util::write_file_atomic(path, summary_json(summary));
}

}  // namespace rtlduet::bench
