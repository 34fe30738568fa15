// flow/detail/report_html.h: the sections of report.html about code and the best pair, split
// from flow/report_html.cpp (the page, the turns and the configuration).
#pragma once

#include <map>
#include <string>

#include "flow/detail/report.h"

namespace rtlduet::flow::detail {

/// The best pair: its figures, the first mismatch as a table and as a waveform over the
/// context rows (design against model, mismatching values marked), what the rows exercised.
std::string best_pair_section(const RunReport& report);

/// Every design and model per slot, turn by turn, each later turn as a diff from the one
/// before (`code` maps record files to their text).
std::string code_section(const RunReport& report, const CodeFiles& code);

}  // namespace rtlduet::flow::detail
