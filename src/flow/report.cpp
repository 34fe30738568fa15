// flow/report.cpp: report.json rendering.
#include "flow/report.h"

#include <nlohmann/json.hpp>

namespace rtlduet::flow {
namespace {

using Json = nlohmann::json;

Json to_json(const CandidateRecord& c) {
    return {{"slot", c.slot},
            {"usable", c.is_usable},
            {"repairs", c.repairs},
            {"problem", c.problem},
            {"sha256", c.sha256}};
}

Json to_json(const PairRecord& p) {
    return {{"turn", p.turn},
            {"rtl", p.rtl},
            {"model", p.model},
            {"verdict", p.verdict},
            {"match_rate", p.match_rate},
            {"vacuous", p.is_vacuous},
            {"mismatches", p.mismatches}};
}

Json to_json(const AgentUsage& u) {
    return {{"requests", u.requests},           {"from_cache", u.from_cache},
            {"prompt_tokens", u.prompt_tokens}, {"completion_tokens", u.completion_tokens},
            {"llm_seconds", u.llm_seconds},     {"truncated", u.truncated},
            {"shortened", u.shortened},         {"restarted", u.restarted}};
}

Json to_json(const hdl::Interface& ifc) {
    Json ports = Json::array();
    for (const hdl::Port& port : ifc.ports) {
        ports.push_back({{"name", port.name},
                         {"direction", port.direction == hdl::PortDirection::Input    ? "input"
                                       : port.direction == hdl::PortDirection::Output ? "output"
                                                                                      : "inout"},
                         {"width", port.width},
                         {"signed", port.is_signed}});
    }
    Json json = {{"module", ifc.module_name}, {"ports", ports}};
    json["clock"] = ifc.clock ? Json(*ifc.clock) : Json(nullptr);
    if (ifc.reset) {
        json["reset"] = {{"name", ifc.reset->name},
                         {"active_low", ifc.reset->is_active_low},
                         {"timing", ifc.reset->timing == hdl::ResetTiming::Async  ? "async"
                                    : ifc.reset->timing == hdl::ResetTiming::Sync ? "sync"
                                                                                  : "unknown"}};
    } else {
        json["reset"] = nullptr;
    }
    return json;
}

template <typename T>
Json array_of(const std::vector<T>& items) {
    Json array = Json::array();
    for (const T& item : items) {
        array.push_back(to_json(item));
    }
    return array;
}

}  // namespace

std::string render_report(const RunReport& report) {
    Json turns = Json::array();
    AgentUsage rtl_total;
    AgentUsage model_total;
    double sim_total = 0.0;
    int builds_total = 0;
    for (const TurnRecord& turn : report.turns) {
        Json json = {{"turn", turn.turn},
                     {"rtl_candidates", array_of(turn.rtl)},
                     {"models", array_of(turn.models)},
                     {"pairs", array_of(turn.pairs)},
                     {"improved_best", turn.improved_best},
                     {"rtl_llm", to_json(turn.rtl_usage)},
                     {"model_llm", to_json(turn.model_usage)},
                     {"sim_seconds", turn.sim_seconds},
                     {"sim_builds", turn.sim_builds},
                     {"wall_seconds", turn.wall_seconds}};
        json["best_of_turn"] = turn.best_of_turn ? to_json(*turn.best_of_turn) : Json(nullptr);
        turns.push_back(std::move(json));
        rtl_total.add(turn.rtl_usage);
        model_total.add(turn.model_usage);
        sim_total += turn.sim_seconds;
        builds_total += turn.sim_builds;
    }
    Json json = {{"verdict", report.verdict},
                 {"turns_used", report.turns.size()},
                 {"interface_source", report.interface_source},
                 {"config",
                  {{"candidates", report.candidates},
                   {"turns", report.max_turns},
                   {"pairing", report.pairing},
                   {"prompt_set", report.prompt_set},
                   {"seed", report.seed},
                   {"vectors", report.vectors},
                   {"simulator", report.simulator}}},
                 {"turns", turns},
                 {"totals",
                  {{"rtl_llm", to_json(rtl_total)},
                   {"model_llm", to_json(model_total)},
                   {"sim_seconds", sim_total},
                   {"sim_builds", builds_total},
                   {"wall_seconds", report.wall_seconds}}}};
    json["best_pair"] = report.best ? to_json(*report.best) : Json(nullptr);
    json["interface"] = report.interface ? to_json(*report.interface) : Json(nullptr);
    return json.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace rtlduet::flow
