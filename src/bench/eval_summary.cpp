// bench/eval_summary.cpp: the summary of an evaluation: score's summary over the official
// verdicts, plus how the flow's own verdict related to them and what the run cost.
#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bench/eval_results.h"

namespace rtlduet::bench {

using Json = nlohmann::json;

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

// Agreement that held up is the point of the flow; agreement on a failing design
// (flow_against_official["agreed"].not_pass) is what it must drive down.
EvalFigures eval_figures(const Summary& summary, const std::vector<EvalRecord>& records) {
    std::set<PairKey> counted;
    for (const SampleResult& result : summary.results) {
        counted.insert({result.problem, result.sample});
    }
    EvalFigures figures;
    double turns = 0;
    for (const EvalRecord& record : records) {
        if (!counted.contains(record.key())) {
            continue;
        }
        figures.records.push_back(&record);
        ++figures.flow_verdicts[record.flow_verdict];
        OfficialCounts& official = figures.flow_against_official[record.flow_verdict];
        ++(record.score.verdict == Verdict::Pass ? official.pass : official.not_pass);
        figures.prompt_tokens += record.prompt_tokens;
        figures.completion_tokens += record.completion_tokens;
        turns += record.turns;
        figures.llm_seconds += record.llm_seconds;
        figures.sim_seconds += record.sim_seconds;
        figures.sim_builds += record.sim_builds;
        figures.wall_seconds += record.wall_seconds;
    }
    const auto pairs = static_cast<double>(figures.records.size());
    figures.mean_turns = figures.records.empty() ? 0.0 : turns / pairs;
    return figures;
}

std::string eval_summary_json(const Summary& summary, const std::vector<EvalRecord>& records) {
    const EvalFigures figures = eval_figures(summary, records);
    Json against = Json::object();
    for (const auto& [flow, counts] : figures.flow_against_official) {
        against[flow] = {{"pass", counts.pass}, {"not_pass", counts.not_pass}};
    }
    Json json = Json::parse(summary_json(summary));
    json["eval"] = {
        {"pairs", figures.records.size()},        {"flow_verdicts", figures.flow_verdicts},
        {"flow_against_official", against},       {"mean_turns", figures.mean_turns},
        {"prompt_tokens", figures.prompt_tokens}, {"completion_tokens", figures.completion_tokens},
        {"llm_seconds", figures.llm_seconds},     {"sim_seconds", figures.sim_seconds},
        {"sim_builds", figures.sim_builds},       {"wall_seconds", figures.wall_seconds}};
    return json.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string render_flow_against_official(const EvalFigures& figures) {
    constexpr std::size_t kListed = 20;
    std::vector<std::string> false_agreements;
    for (const EvalRecord* record : figures.records) {
        const bool passed = record->score.verdict == Verdict::Pass;
        if (record->flow_verdict == "agreed" && !passed &&
            record->score.verdict != Verdict::Skipped) {
            false_agreements.push_back(fmt::format("{} sample {:02} ({})", record->score.problem,
                                                   record->score.sample,
                                                   to_string(record->score.verdict)));
        }
    }
    std::string text =
        fmt::format("\nflow verdict against the official testbench ({} pairs):\n",
                    figures.records.size());
    text += fmt::format("  {:<12} {:>13} {:>17}\n", "flow", "official pass", "official not pass");
    for (const char* flow : {"agreed", "best-effort", "failed"}) {
        const auto found = figures.flow_against_official.find(flow);
        const OfficialCounts counts =
            found == figures.flow_against_official.end() ? OfficialCounts{} : found->second;
        text += fmt::format("  {:<12} {:>13} {:>17}\n", flow, counts.pass, counts.not_pass);
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
