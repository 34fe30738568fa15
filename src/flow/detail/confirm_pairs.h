// flow/detail/confirm_pairs.h: a pair that agrees on the run's simulator counts only once the
// other simulator agrees too, on the same rows and against the model run the pair already has
// (sim/confirm.h); with --require-synth its design must also pass the Yosys check. What that
// finds goes back to the agents. The final design's builds on both simulators and its synthesis
// are checked for report.json.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "flow/detail/candidates.h"
#include "flow/detail/pairs.h"
#include "hdl/synth.h"

namespace rtlduet::flow::detail {

/// What confirming a turn's pairs cost, for the turn's record.
struct ConfirmCost {
    int builds = 0;  // simulator compiles (Verilator cache hits excluded)
    double seconds = 0.0;
};

/// Confirms the turn's agreeing designs and gives them the guided check (guided_pairs.h) one
/// design at a time, in the order best_pair() prefers them, until one still agrees after both.
/// A design is confirmed once on the other simulator whatever the number of models it agrees
/// with (and with --require-synth goes through Yosys once); its pairs take the combined verdict
/// (simulator_dependent, or rtl_error for a synthesis issue) and keep the findings in
/// `confirmed`. The design that holds ends the run, and checking the others (a build on the
/// other simulator each) would change nothing it does, so their agreeing pairs are marked
/// `is_unchecked`. With no check enabled nothing is marked. Errors: the environment.
util::Result<ConfirmCost> check_agreements(const TurnContext& ctx,
                                           const SharedStimulus::Ready& stimulus,
                                           const std::vector<RtlCandidate>& rtl,
                                           const std::vector<ModelCandidate>& models,
                                           const sim::CompareOptions& compare,
                                           std::vector<PairCheck>& pairs);

/// What the confirmation found, in words the receiver can act on: to the Verilog writer the
/// portability problem (what differs, what to change) and the synthesis issues; to the model
/// writer that the difference lies in the design. Empty when nothing was found.
std::string confirmation_feedback(const PairCheck& pair, AgentRole receiver);

/// The final design and where it was simulated.
struct FinalDesign {
    std::filesystem::path file;
    hdl::Interface ifc;
    sim::Backend backend = sim::Backend::Verilator;  // the run's simulator (Auto resolved)
    std::string lint_top;  // the top the turn's lint was given (empty: the design's own)
};

struct FinalChecks {
    std::map<std::string, bool> compiles;  // simulator name -> the design builds on it
    std::optional<hdl::SynthesisReport> synthesis;
};

/// Whether the final design builds on both simulators and what Yosys finds in it, reusing
/// what the pair's simulation and confirmation already established. Verilator, when neither
/// told, is asked through its lint (Verilator's own front end): building its C++ (~0.6 s of
/// CPU) would tell the report nothing more.
util::Result<FinalChecks> check_final_design(const util::Sandbox& sandbox,
                                             const SimSettings& settings,
                                             const stimulus::VectorSet& vectors,
                                             const FinalDesign& design, const PairCheck& pair);

}  // namespace rtlduet::flow::detail
