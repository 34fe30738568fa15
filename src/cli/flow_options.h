// cli/flow_options.h: the agent-flow options shared by `run` and `eval` (-n, -t, --vectors,
// --seed, --pairing, --revert, --agents, --prompts, --sim, --confirm, --require-synth, --guided,
// --interface, --top, --param, --clock, --reset).
#pragma once

#include <string>
#include <vector>

#include "cli/app.h"
#include "flow/agents.h"
#include "flow/run.h"

namespace rtlduet::cli {

struct FlowCliOptions {
    int candidates = 3;
    int turns = 3;
    std::size_t vectors = 1000;
    std::uint64_t seed = 1;
    std::string pairing = "matched";
    bool revert = false;
    std::string agents_dir;   // default: <resources>/agents
    std::string prompts_dir;  // default: <resources>/prompts/rtlduet
    std::string simulator = "auto";
    std::string confirm = "other";  // other | none
    bool require_synth = false;
    std::string guided = "on";  // on | off
    std::string interface_file;
    std::string top;                      // --top; empty: from the spec, else the design
    std::vector<std::string> parameters;  // --param NAME=VALUE
    std::string clock;
    std::string reset;  // NAME or NAME:low
    int feedback_mismatches = 5;
    bool write_waveform = false;  // --waveform
};

void add_flow_options(CLI::App& command, FlowCliOptions& options);

/// Checks the values and turns them into flow settings; --interface is parsed here.
util::Result<flow::FlowOptions> make_flow_options(AppContext& ctx, const FlowCliOptions& options);

util::Result<flow::AgentPair> load_agent_pair(AppContext& ctx, const FlowCliOptions& options);

/// --param NAME=VALUE values as overrides (Usage errors for malformed ones).
util::Result<std::vector<hdl::Parameter>> parse_parameters(const std::vector<std::string>& texts);

/// `--reset NAME[:low]` as extraction hints, with `--clock`.
util::Result<hdl::SignalHints> parse_signal_hints(const std::string& clock,
                                                  const std::string& reset);

}  // namespace rtlduet::cli
