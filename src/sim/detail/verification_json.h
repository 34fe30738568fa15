// sim/detail/verification_json.h: the parts of `crosscheck --json` and the summary that say
// how far a verdict can be trusted: confirmation on the second simulator, coverage, and
// where the rows came from.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/crosscheck.h"

namespace rtlduet::sim::detail {

nlohmann::json confirmation_json(const Confirmation& confirmation);

/// One line for the human summary ("confirmation: ..."), empty when confirmation is off.
std::string confirmation_line(const Confirmation& confirmation);

/// "coverage": lines, toggles, state machines and what stayed uncovered; null when not measured.
nlohmann::json coverage_json(const Coverage& coverage);

/// "stimulus": rows, the guided rounds, and the source of every row as runs of equal sources.
nlohmann::json stimulus_json(const CrosscheckResult& result);

/// "synthesis": Yosys' verdict and the issues; null when the check did not run.
nlohmann::json synthesis_json(const std::optional<hdl::SynthesisReport>& synthesis);

/// Summary lines: coverage and what stayed uncovered, and the guided rows; empty when not
/// measured.
std::string coverage_lines(const CrosscheckResult& result);

}  // namespace rtlduet::sim::detail
