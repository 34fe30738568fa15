// flow/detail/report.h: what a run did, turn by turn, as the data behind report.json (schema 2,
// docs/outputs.md). Turns and slots are numbered from 1 here, as everywhere in output.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "flow/detail/session.h"
#include "hdl/interface.h"
#include "hdl/synth.h"
#include "sim/crosscheck.h"

namespace rtlduet::flow {

inline constexpr int kReportSchema = 2;

struct CandidateRecord {
    int slot = 0;
    bool is_usable = false;
    int repairs = 0;
    std::string error;   // why it is not usable
    std::string sha256;  // of the code, empty when no code was extracted
    std::string file;    // turns/<turn>/rtl-<slot>.sv, relative to the output directory
};

struct PairRecord {
    int turn = 0;
    int rtl_slot = 0;
    int model_slot = 0;
    std::string verdict;  // agree | disagree | simulator_dependent | rtl_error | model_error
    double match_rate = 0.0;
    std::size_t compared_rows = 0;
    std::size_t matching_rows = 0;
    std::size_t mismatching_rows = 0;
    std::size_t mismatching_values = 0;
    bool is_vacuous = false;
    bool is_unchecked = false;  // PairCheck::is_unchecked
};

/// The best pair with what a person needs to look at it: its first mismatch, what the
/// stimulus exercised and what the other simulator said.
struct BestPairRecord {
    PairRecord pair;
    std::optional<sim::Mismatch> first_mismatch;
    std::vector<sim::ContextRow> context;  // the rows before the first mismatch, and its own
    sim::Exercise exercise;
    sim::Confirmation confirmation;
    std::optional<sim::CrosscheckResult> guided_check;  // flow/detail/guided_pairs.h
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

/// The LLM settings one agent's requests were sent with.
struct LlmSettings {
    std::string endpoint;
    std::string llm;
    double temperature = 0.0;
    double top_p = 0.0;
    int max_tokens = 0;
};

struct RunConfig {
    int candidates = 0;
    int turns = 0;
    std::string pairing;
    std::string prompt_set;
    std::uint64_t seed = 0;
    std::size_t vectors = 0;
    std::string simulator;
    std::string confirm = "other";  // other | none
    bool require_synth = false;
    bool guided = true;
    LlmSettings rtl_llm;
    LlmSettings model_llm;
};

struct RunReport {
    std::string verdict;       // agreed | best-effort | failed
    bool is_complete = false;  // the run ended by agreement or after its last turn
    int exit_code = 0;         // the exit code `run` ends with
    std::string reason;        // one line: why this verdict
    std::string top_name;
    std::string top_source;  // option | spec:<rule> | design
    std::optional<hdl::Interface> interface;
    std::string interface_source;  // "option", "spec", "candidate" or "none"
    RunConfig config;
    std::vector<TurnRecord> turns;
    std::optional<BestPairRecord> best;
    std::string final_design;  // file names in the output directory; empty: no final pair
    std::string final_model;
    std::string final_waveform;                  // with --waveform: the best pair's VCD
    std::map<std::string, bool> final_compiles;  // simulator -> the final design builds on it
    std::optional<hdl::SynthesisReport> final_synthesis;
    std::string reproduce;  // the crosscheck command that reruns the best pair
    double wall_seconds = 0.0;
};

/// report.json text.
std::string render_report(const RunReport& report);

/// The text of each per-turn file a report names (CandidateRecord::file -> code).
using CodeFiles = std::map<std::string, std::string>;

/// report.html: the same report for people, one self-contained page (docs/outputs.md).
std::string render_report_html(const RunReport& report, const CodeFiles& code);

}  // namespace rtlduet::flow
