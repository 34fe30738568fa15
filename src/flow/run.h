// flow/run.h: the agent flow behind `rtlduet run` and `rtlduet eval`: n Verilog candidates and
// n reference models per turn, cross-checked on the same stimulus, the best pair kept across
// turns (replaced only by a strictly better match rate), mismatches fed back to both agents,
// stop at an agreement that is not vacuous.
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "flow/agents.h"
#include "flow/settings.h"
#include "hdl/extract.h"
#include "hdl/interface.h"
#include "llm/chat_client.h"
#include "util/error.h"
#include "util/logger.h"
#include "util/sandbox.h"

namespace rtlduet::flow {

enum class Pairing { Matched, All };
enum class FinalVerdict { Agreed, BestEffort, Failed };

std::string_view to_string(FinalVerdict verdict);

struct FlowOptions {
    /// The top module's name (--top, or a suite's per-problem top); nullopt: the name the
    /// spec gives, else the design's (docs/flow.md, "The top module").
    std::optional<std::string> top;
    std::vector<hdl::Parameter> parameters;  // --param overrides of the top's parameters
    std::string spec_name = "spec";          // the spec's file, for messages naming its lines
    int candidates = 3;                      // n per agent per turn
    int turns = 3;                           // T
    Pairing pairing = Pairing::Matched;
    bool revert = false;                      // next turn starts from the best pair's conversations
    std::optional<hdl::Interface> interface;  // --interface; else taken from the spec
    std::filesystem::path interface_file;     // where --interface came from (for `reproduce`)
    hdl::SignalHints hints;
    int feedback_mismatches = 5;
    int feedback_context = 3;
    std::uint64_t seed = 1;
    bool keep_work = false;
    bool write_waveform = false;  // the best pair's VCD as out_dir/waveform.vcd
    SimSettings sim;
};

struct FlowServices {
    util::Logger& log;
    const util::Sandbox& sandbox;
    llm::ChatClient& rtl_client;
    llm::ChatClient& model_client;
    const std::atomic<bool>* cancel = nullptr;
    // Told the turn and pair status as it changes ("turn 2/3: checking pairs"); may be empty.
    std::function<void(const std::string&)> on_status;
};

struct FlowResult {
    FinalVerdict verdict = FinalVerdict::Failed;
    std::string top;          // the top module's name (the best pair's when the design decided)
    std::string design_file;  // "<top>.sv" in out_dir, when there is a pair
    double match_rate = 0.0;  // of the best pair
    int turns_used = 0;
    bool has_pair = false;
    AgentUsage rtl_usage;
    AgentUsage model_usage;
    double sim_seconds = 0.0;
    int sim_builds = 0;
    double wall_seconds = 0.0;
    std::string reason;     // report.json's: why this verdict
    std::string reproduce;  // the crosscheck command for the final pair; empty without one
    /// The best pair's first mismatch as a text waveform (sim/waveform.h); empty when it agrees.
    std::string first_mismatch;
};

/// Runs the flow and writes out_dir/<top>.sv, model.py (the best pair, when there is one),
/// turns/<turn>/*, report.json and transcript.jsonl (docs/outputs.md). report.json is written
/// on every exit path, errors included. Errors: endpoint unreachable, interrupted, unusable
/// agents/prompts, a spec port line that cannot be read, I/O.
util::Result<FlowResult> run_flow(const FlowServices& services, const std::string& spec,
                                  const AgentPair& agents, const FlowOptions& options,
                                  const std::filesystem::path& out_dir);

/// report.json (and nothing else: an earlier run's pair and turns are removed) for a run that
/// failed before its first request, e.g. on an endpoint that does not answer.
util::Status write_unstarted_report(const std::filesystem::path& out_dir, const AgentPair& agents,
                                    const FlowOptions& options, const util::Error& failure);

}  // namespace rtlduet::flow
