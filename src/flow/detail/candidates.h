// flow/detail/candidates.h: turning one agent reply into a usable candidate: extract the code,
// check it (policy, Verilator's front end and interface, build / contract), ask for bounded
// repairs, and run it on the run's stimulus, so simulation overlaps with other slots' LLM
// requests.
#pragma once

#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <semaphore>
#include <string>

#include "flow/agents.h"
#include "flow/detail/session.h"
#include "flow/settings.h"
#include "hdl/extract.h"
#include "hdl/interface.h"
#include "sim/crosscheck.h"
#include "sim/simulator.h"
#include "stimulus/generate.h"
#include "util/logger.h"
#include "util/sandbox.h"

namespace rtlduet::flow {

/// The run's interface and stimulus: known before the run (--interface, or stated in the
/// spec), or taken from the first Verilog candidate Verilator accepts. Model slots wait for it.
class SharedStimulus {
public:
    SharedStimulus(const SimSettings& settings, std::optional<hdl::Interface> known);

    /// Offers a candidate's interface; the first offer wins. Vector generation errors are
    /// kept and returned by wait().
    void offer(const hdl::Interface& ifc);
    /// Number of Verilog slots that may still offer; wait() gives up when none is left.
    void expect_producers(int producers);
    void producer_done();

    struct Ready {
        hdl::Interface ifc;
        stimulus::VectorSet vectors;
    };
    /// Blocks until the interface is known or no producer is left (nullopt).
    std::optional<Ready> wait();
    std::optional<Ready> peek();

private:
    const SimSettings& settings_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::optional<Ready> ready_;
    int producers_ = 0;
};

struct TurnContext {
    const util::Sandbox& sandbox;
    util::Logger& log;
    const AgentPair& agents;
    const SimSettings& settings;
    int turn = 0;
    std::filesystem::path turn_dir;
    std::string top;                         // the top's name; empty: each design's own
    std::vector<hdl::Parameter> parameters;  // --param overrides
    hdl::SignalHints hints;                  // --clock / --reset
    std::string spec;                        // for {spec} in repair prompts
    std::string contract;                    // for {contract}
    std::string interface_text;              // for {interface}
};

struct RtlCandidate {
    int slot = 0;
    std::string top;     // its top module's name, once extracted
    hdl::Interface ifc;  // the run's ports with its own top name and parameter values
    std::string code;
    std::filesystem::path file;
    bool is_usable = false;  // passed the checks and built: its simulation is below
    std::string problem;     // why not usable after the repairs
    int repairs = 0;
    int sim_builds = 0;  // simulator compiles of its attempts (a broken build counts too)
    std::optional<sim::Simulation> simulation;
    /// The run's simulator could not build it for a limitation of its own (Verilator's
    /// "Unsupported:", Icarus's "sorry:") and the other simulator did: `simulation` is the
    /// other's, and this the run's simulator's failure, which confirmation reports as fallback.
    std::optional<sim::RtlFailure> primary_limitation;
};

struct ModelCandidate {
    int slot = 0;
    std::string code;
    std::filesystem::path file;
    bool is_usable = false;
    std::string problem;
    int repairs = 0;
    std::optional<sim::ModelRun> run;
};

/// Asks the Verilog writer (first_message), then checks and repairs until the candidate
/// simulates or the agent's repair budget is spent. Errors: endpoint failures, interrupts;
/// `candidate` then holds what was reached (its slot, the code of the last reply).
util::Status prepare_rtl(const TurnContext& ctx, AgentSession& session,
                         const std::string& first_message, std::string_view kind,
                         SharedStimulus& stimulus, RtlCandidate& candidate);

/// The same for the model writer: a model that does not load or breaks the contract on the
/// run's vectors gets the error back as a repair request.
util::Status prepare_model(const TurnContext& ctx, AgentSession& session,
                           const std::string& first_message, std::string_view kind,
                           SharedStimulus& stimulus, ModelCandidate& candidate);

/// The differences between a candidate's ports and the run's interface, one per line.
std::vector<std::string> interface_differences(const hdl::Interface& expected,
                                               const hdl::Interface& actual);

}  // namespace rtlduet::flow
