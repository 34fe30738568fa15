// bench/detail/testbench_compat.h: the compatibility copy of a VerilogEval testbench for
// Icarus >= 12, which requires declaration before use (iverilog PR #1102): the testbenches
// name tb_match/tb_mismatch in $dumpvars before declaring them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace rtlduet::bench::detail {

/// The testbench with its `wire tb_match;` and `wire tb_mismatch = ~tb_match;` lines moved
/// to just after `module tb(...);`, nothing else changed (line count kept: the old lines
/// become blank); nullopt when the testbench does not have that shape.
std::optional<std::string> hoist_match_declarations(std::string_view testbench);

}  // namespace rtlduet::bench::detail
