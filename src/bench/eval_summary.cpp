// bench/eval_summary.cpp: the summary of an evaluation: score's summary over the official
// verdicts, plus how the flow's own verdict related to them and what the run cost.
#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bench/eval_results.h"

namespace rtlduet::bench {
namespace {

using Json = nlohmann::json;

// Counts of flow verdict against official verdict: agreement that held up is the point of
// the flow, agreement on a failing design is what it must drive down.
Json flow_against_official(const std::vector<const EvalRecord*>& records) {
    std::map<std::string, std::map<std::string, int>> table;
    for (const EvalRecord* record : records) {
        const bool passed = record->score.verdict == Verdict::Pass;
        ++table[record->flow_verdict][passed ? "pass" : "not_pass"];
    }
    Json out = Json::object();
    for (const auto& [flow, counts] : table) {
        out[flow] = {{"pass", counts.contains("pass") ? counts.at("pass") : 0},
                     {"not_pass", counts.contains("not_pass") ? counts.at("not_pass") : 0}};
    }
    return out;
}

// The records behind the summary's results (the first line of a pair wins).
std::vector<const EvalRecord*> counted_records(const Summary& summary,
                                               const std::vector<EvalRecord>& records) {
    std::set<PairKey> counted;
    for (const SampleResult& result : summary.results) {
        counted.insert({result.problem, result.sample});
    }
    std::vector<const EvalRecord*> used;
    for (const EvalRecord& record : records) {
        if (counted.erase(record.key()) > 0) {
            used.push_back(&record);
        }
    }
    return used;
}

}  // namespace

Summary summarize_records(const EvalManifest& manifest, const std::vector<std::string>& selected,
                          const std::vector<EvalRecord>& records) {
    const std::set<std::string> wanted(selected.begin(), selected.end());
    SummaryContext context{.suite = manifest.suite,
                           .selected_problems = selected,
                           .errata = manifest.errata,
                           .config_hash = manifest.config_hash,
                           .tools = manifest.tools};
    std::vector<SampleResult> results;
    for (const EvalRecord& record : records) {
        if (!wanted.contains(record.score.problem)) {
            continue;
        }
        results.push_back(record.score);
        if (!record.note.empty()) {
            context.notes[record.score.problem] = record.note;
        }
    }
    return summarize(context, std::move(results));
}

std::string eval_summary_json(const Summary& summary, const std::vector<EvalRecord>& records) {
    const std::vector<const EvalRecord*> used = counted_records(summary, records);
    std::map<std::string, int> flow_verdicts;
    long long prompt_tokens = 0;
    long long completion_tokens = 0;
    double turns = 0;
    double llm_seconds = 0;
    double sim_seconds = 0;
    long long sim_builds = 0;
    double wall_seconds = 0;
    for (const EvalRecord* record : used) {
        ++flow_verdicts[record->flow_verdict];
        prompt_tokens += record->prompt_tokens;
        completion_tokens += record->completion_tokens;
        turns += record->turns;
        llm_seconds += record->llm_seconds;
        sim_seconds += record->sim_seconds;
        sim_builds += record->sim_builds;
        wall_seconds += record->wall_seconds;
    }
    Json json = Json::parse(summary_json(summary));
    json["eval"] = {{"pairs", used.size()},
                    {"flow_verdicts", flow_verdicts},
                    {"flow_against_official", flow_against_official(used)},
                    {"mean_turns", used.empty() ? 0.0 : turns / static_cast<double>(used.size())},
                    {"prompt_tokens", prompt_tokens},
                    {"completion_tokens", completion_tokens},
                    {"llm_seconds", llm_seconds},
                    {"sim_seconds", sim_seconds},
                    {"sim_builds", sim_builds},
                    {"wall_seconds", wall_seconds}};
    return json.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string render_flow_against_official(const Summary& summary,
                                         const std::vector<EvalRecord>& records) {
    constexpr std::size_t kListed = 20;
    const std::vector<const EvalRecord*> used = counted_records(summary, records);
    std::map<std::string, std::pair<int, int>> counts;  // flow verdict: official pass, not
    std::vector<std::string> false_agreements;
    for (const EvalRecord* record : used) {
        const bool passed = record->score.verdict == Verdict::Pass;
        auto& [pass, not_pass] = counts[record->flow_verdict];
        ++(passed ? pass : not_pass);
        if (record->flow_verdict == "agreed" && !passed &&
            record->score.verdict != Verdict::Skipped) {
            false_agreements.push_back(fmt::format("{} sample {:02} ({})", record->score.problem,
                                                   record->score.sample,
                                                   to_string(record->score.verdict)));
        }
    }
    std::string text =
        fmt::format("\nflow verdict against the official testbench ({} pairs):\n", used.size());
    text += fmt::format("  {:<12} {:>13} {:>17}\n", "flow", "official pass", "official not pass");
    for (const char* flow : {"agreed", "best-effort", "failed"}) {
        const auto [pass, not_pass] = counts.contains(flow) ? counts.at(flow) : std::pair{0, 0};
        text += fmt::format("  {:<12} {:>13} {:>17}\n", flow, pass, not_pass);
    }
    if (false_agreements.empty()) {
        return text + "agreed but the official testbench fails: none\n";
    }
    text += fmt::format("agreed but the official testbench fails ({}):\n", false_agreements.size());
    for (std::size_t i = 0; i < false_agreements.size() && i < kListed; ++i) {
        text += "  " + false_agreements[i] + "\n";
    }
    if (false_agreements.size() > kListed) {
        text += fmt::format("  ... {} more in results.jsonl\n", false_agreements.size() - kListed);
    }
    return text;
}

}  // namespace rtlduet::bench
