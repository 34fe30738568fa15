// flow/report.cpp: report.json rendering (docs/outputs.md). The pieces a crosscheck --json
// object also has (interface, first mismatch, exercise) come from sim, so both read alike.
#include "flow/detail/report.h"

#include <nlohmann/json.hpp>

#include "util/exit_code.h"

namespace rtlduet::flow {
namespace {

using Json = nlohmann::json;

Json to_json(const CandidateRecord& c) {
    return {{"slot", c.slot},       {"usable", c.is_usable},
            {"repairs", c.repairs}, {"error", c.error},
            {"sha256", c.sha256},   {"file", c.file.empty() ? Json(nullptr) : Json(c.file)}};
}

Json to_json(const PairRecord& p) {
    return {{"turn", p.turn},
            {"rtl_slot", p.rtl_slot},
            {"model_slot", p.model_slot},
            {"verdict", p.verdict},
            {"match_rate", p.match_rate},
            {"compared_rows", p.compared_rows},
            {"matching_rows", p.matching_rows},
            {"mismatching_rows", p.mismatching_rows},
            {"mismatching_values", p.mismatching_values},
            {"vacuous", p.is_vacuous},
            {"unchecked", p.is_unchecked}};
}

Json to_json(const BestPairRecord& best) {
    Json json = to_json(best.pair);
    json["first_mismatch"] =
        best.first_mismatch ? Json::parse(sim::to_json(*best.first_mismatch)) : Json(nullptr);
    json["context"] = Json::parse(sim::to_json(best.context));
    json["exercise"] = Json::parse(sim::to_json(best.exercise));
    json["confirmation"] = Json::parse(sim::to_json(best.confirmation));
    json["guided_check"] = best.guided_check
                               ? Json::parse(sim::check_summary_json(*best.guided_check))
                               : Json(nullptr);
    return json;
}

Json to_json(const AgentUsage& u) {
    return {{"requests", u.requests},           {"from_cache", u.from_cache},
            {"prompt_tokens", u.prompt_tokens}, {"completion_tokens", u.completion_tokens},
            {"llm_seconds", u.llm_seconds},     {"truncated", u.truncated},
            {"shortened", u.shortened},         {"restarted", u.restarted}};
}

Json to_json(const LlmSettings& s) {
    return {{"endpoint", s.endpoint},
            {"llm", s.llm.empty() ? Json(nullptr) : Json(s.llm)},
            {"temperature", s.temperature},
            {"top_p", s.top_p},
            {"max_tokens", s.max_tokens}};
}

Json to_json(const RunConfig& c) {
    return {{"candidates", c.candidates},
            {"turns", c.turns},
            {"pairing", c.pairing},
            {"prompt_set", c.prompt_set},
            {"seed", c.seed},
            {"vectors", c.vectors},
            {"simulator", c.simulator},
            {"confirm", c.confirm},
            {"require_synth", c.require_synth},
            {"guided", c.guided},
            {"llm", {{"rtl", to_json(c.rtl_llm)}, {"model", to_json(c.model_llm)}}}};
}

Json llm_usage(const AgentUsage& rtl, const AgentUsage& model) {
    return {{"rtl", to_json(rtl)}, {"model", to_json(model)}};
}

template <typename T>
Json array_of(const std::vector<T>& items) {
    Json array = Json::array();
    for (const T& item : items) {
        array.push_back(to_json(item));
    }
    return array;
}

template <typename T>
Json optional_json(const std::optional<T>& value) {
    return value ? to_json(*value) : Json(nullptr);
}

Json turns_and_totals(const RunReport& report, Json& totals) {
    Json turns = Json::array();
    AgentUsage rtl_total;
    AgentUsage model_total;
    double sim_total = 0.0;
    int builds_total = 0;
    for (const TurnRecord& turn : report.turns) {
        turns.push_back({{"turn", turn.turn},
                         {"rtl", array_of(turn.rtl)},
                         {"models", array_of(turn.models)},
                         {"pairs", array_of(turn.pairs)},
                         {"best_of_turn", optional_json(turn.best_of_turn)},
                         {"improved_best", turn.improved_best},
                         {"llm", llm_usage(turn.rtl_usage, turn.model_usage)},
                         {"sim_seconds", turn.sim_seconds},
                         {"sim_builds", turn.sim_builds},
                         {"wall_seconds", turn.wall_seconds}});
        rtl_total.add(turn.rtl_usage);
        model_total.add(turn.model_usage);
        sim_total += turn.sim_seconds;
        builds_total += turn.sim_builds;
    }
    totals = {{"llm", llm_usage(rtl_total, model_total)},
              {"sim_seconds", sim_total},
              {"sim_builds", builds_total},
              {"wall_seconds", report.wall_seconds}};
    return turns;
}

// The final pair's files, where the design builds and what Yosys found in it.
Json final_json(const RunReport& report) {
    if (report.final_design.empty()) {
        return nullptr;
    }
    return {
        {"design", report.final_design},
        {"model", report.final_model},
        {"waveform", report.final_waveform.empty() ? Json(nullptr) : Json(report.final_waveform)},
        {"compiles", report.final_compiles.empty() ? Json(nullptr) : Json(report.final_compiles)},
        {"synthesis", Json::parse(sim::to_json(report.final_synthesis))}};
}

}  // namespace

std::string render_report(const RunReport& report) {
    Json totals;
    Json turns = turns_and_totals(report, totals);
    Json json = {{"schema", kReportSchema},
                 {"rtlduet_version", util::version()},
                 {"verdict", report.verdict},
                 {"complete", report.is_complete},
                 {"exit_code", report.exit_code},
                 {"reason", report.reason},
                 {"top",
                  {{"name", report.top_name.empty() ? Json(nullptr) : Json(report.top_name)},
                   {"source", report.top_source}}},
                 {"interface",
                  report.interface ? Json::parse(sim::to_json(*report.interface)) : Json(nullptr)},
                 {"interface_source", report.interface_source},
                 {"config", to_json(report.config)},
                 {"turns", std::move(turns)},
                 {"best_pair", optional_json(report.best)},
                 {"final", final_json(report)},
                 {"reproduce", report.reproduce.empty() ? Json(nullptr) : Json(report.reproduce)},
                 {"totals", std::move(totals)}};
    return json.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace rtlduet::flow
