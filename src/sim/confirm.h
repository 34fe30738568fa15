// sim/confirm.h: confirmation of a verdict on the second simulator. Verilator (2-state, dead
// code removed) and Icarus (4-state, stricter about some SystemVerilog) can disagree about the
// same design: compiles on one only, unknown values on one only, hangs on one only, different
// values. Agreement counts only when both give it; a backend that cannot build a design
// because of its own limitation ("Unsupported:", "sorry:") is no verdict: the other decides.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/crosscheck.h"

namespace rtlduet::sim {

std::string_view to_string(ConfirmMode mode);
/// "other" or "none".
std::optional<ConfirmMode> parse_confirm_mode(std::string_view name);

std::string_view to_string(ConfirmStatus status);

/// The backend that is not `backend` (Auto counts as Verilator).
Backend other_backend(Backend backend);

/// Whether a build failure is the tool's own limitation rather than an error in the design:
/// Verilator's "Unsupported:" and Icarus's "sorry:" messages.
bool is_tool_limitation(const RtlFailure& failure);

/// What one cross-check result says, as one backend's entry of a Confirmation.
BackendVerdict backend_verdict(const CrosscheckResult& result);

/// Combines the primary's result with the other backend's on the same rows and model: the
/// primary's verdict, unless the two differ about agreement (then simulator_dependent) or one
/// of them could not build the design (see the header comment). `other` is null when the
/// other backend was not run.
void apply_confirmation(CrosscheckResult& primary, const CrosscheckResult* other, ConfirmMode mode);

/// Confirms a result reached elsewhere (the flow's pairs, a batch): `other` is the design
/// simulated on the other backend on `request.vectors`, `model` the model's run on the same
/// rows; the other result is judged like the primary's and combined with it.
void confirm_with(CrosscheckResult& primary, const CrosscheckRequest& request,
                  const Simulation& other, const ModelRun& model);

/// Words for the Verilog writer about a simulator-dependent design: what differs and what to
/// change so that both simulators accept it and agree.
std::string portability_advice(const Confirmation& confirmation);

}  // namespace rtlduet::sim
