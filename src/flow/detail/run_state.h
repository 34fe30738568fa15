// flow/detail/run_state.h: what one run of the flow holds between its turns (the sessions, the
// shared stimulus, the best pair, the report), and the parts of the run that other files
// implement: a turn (flow/turn.cpp) and the run's ending (flow/run_ending.cpp).
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "flow/detail/candidates.h"
#include "flow/detail/confirm_pairs.h"
#include "flow/detail/pairs.h"
#include "flow/detail/prompt_template.h"
#include "flow/detail/report.h"
#include "flow/detail/session.h"
#include "flow/run.h"
#include "sim/trace.h"
#include "util/error.h"

namespace rtlduet::flow::detail {

using Clock = std::chrono::steady_clock;

inline double seconds(Clock::duration d) {
    return std::chrono::duration<double>(d).count();
}

struct BestPair {
    PairCheck check;
    int turn = 0;
    std::string rtl_top;
    FinalDesign design;
    std::string rtl_code;
    std::string model_code;
    std::vector<llm::Message> rtl_messages;
    std::vector<llm::Message> model_messages;
    sim::Trace rtl_trace;  // for the waveform
    sim::Trace model_trace;
};

// What each slot says next: the first request of a conversation, or feedback.
struct NextMessage {
    std::string text;
    std::string kind;  // "initial" or "feedback"
};

struct TurnResult {
    std::vector<RtlCandidate> rtl;
    std::vector<ModelCandidate> models;
    std::vector<PairCheck> pairs;
    TurnRecord record;
    std::optional<util::Error> failure;  // a slot failed: the turn holds the slots that did not
};

// The top module's name (empty until a design gives it) and the rule that decided.
struct TopChoice {
    std::string name;
    std::string source;  // option | spec:<rule> | design
};

struct RunState {
    const FlowServices& services;
    const std::string& spec;
    TopChoice top;
    const AgentPair& agents;
    const FlowOptions& options;
    Transcript transcript;
    SharedStimulus stimulus;
    std::vector<AgentSession> rtl_sessions;
    std::vector<AgentSession> model_sessions;
    const std::filesystem::path& out_dir;
    std::optional<BestPair> best;
    std::string no_pair;  // why the latest turn compared no pair
    RunReport report;
    std::string first_mismatch;  // the best pair's, as a text waveform
};

/// A prompt file of the run's prompt set, filled with `values`.
util::Result<std::string> render_prompt(const RunState& state, const std::string& file,
                                        const TemplateValues& values);

/// The values every prompt is filled with; `feedback` for the feedback prompts.
TemplateValues prompt_values(RunState& state, std::string feedback);

/// Tells the caller's status line (FlowServices::on_status) when it has one.
void tell_status(const RunState& state, const std::string& text);

/// One turn: every slot's request, extraction, checks and simulation, the turn's pairs and
/// their confirmation, the turn's record and code under out_dir/turns/<turn>.
TurnResult run_turn(RunState& state, int turn, const std::filesystem::path& dir,
                    const std::vector<NextMessage>& rtl_next,
                    const std::vector<NextMessage>& model_next);

/// The best pair's design built on both simulators and synthesized, into the report.
util::Status check_best_design(RunState& state);

/// Fills the report's ending (verdict, reason, exit code, best pair, reproduce command) and
/// writes the output files. Runs on every exit path, `failure` set when the run ended early.
util::Status write_outputs(RunState& state, const std::optional<util::Error>& failure);

}  // namespace rtlduet::flow::detail
