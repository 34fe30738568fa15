// flow/report.h: what a run did, turn by turn, as the data behind report.json.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "flow/session.h"
#include "hdl/interface.h"

namespace rtlduet::flow {

struct CandidateRecord {
    int slot = 0;
    bool is_usable = false;
    int repairs = 0;
    std::string problem;  // why it is not usable
    std::string sha256;   // of the code, empty when no code was extracted
};

struct PairRecord {
    int rtl = 0;
    int model = 0;
    std::string verdict;  // agree | disagree | rtl_error | model_error
    double match_rate = 0.0;
    bool is_vacuous = false;
    std::size_t mismatches = 0;
    int turn = 0;
};

struct TurnRecord {
    int turn = 0;
    std::vector<CandidateRecord> rtl;
    std::vector<CandidateRecord> models;
    std::vector<PairRecord> pairs;
    std::optional<PairRecord> best_of_turn;
    bool improved_best = false;
    AgentUsage rtl_usage;
    AgentUsage model_usage;
    double sim_seconds = 0.0;
    int sim_builds = 0;  // designs the simulator compiled (Verilator cache hits excluded)
    double wall_seconds = 0.0;
};

struct RunReport {
    std::string verdict;     // agreed | best-effort | failed
    std::string top;         // the top module's name (empty when no design named it)
    std::string top_source;  // option | spec:<rule> | design (docs/outputs.md)
    std::optional<hdl::Interface> interface;
    std::string interface_source;  // "option", "spec", "candidate" or "none"
    std::optional<PairRecord> best;
    std::vector<TurnRecord> turns;
    int candidates = 0;
    int max_turns = 0;
    std::string pairing;
    std::string prompt_set;
    std::uint64_t seed = 0;
    std::size_t vectors = 0;
    std::string simulator;
    double wall_seconds = 0.0;
};

/// report.json text.
std::string render_report(const RunReport& report);

}  // namespace rtlduet::flow
