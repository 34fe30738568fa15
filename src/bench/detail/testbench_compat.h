// bench/detail/testbench_compat.h: rewrites behind a testbench's compatibility copy, each
// keeping the testbench's meaning: VerilogEval's tb_match/tb_mismatch declared before use
// (Icarus >= 12 requires it, iverilog PR #1102), and loop `break`s (absent from Icarus 11)
// as a `disable` of a block named around the loop.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace rtlduet::bench::detail {

/// The testbench with its `wire tb_match;` and `wire tb_mismatch = ~tb_match;` lines moved
/// to just after `module tb(...);`, nothing else changed (line count kept: the old lines
/// become blank); nullopt when the testbench does not have that shape.
std::optional<std::string> hoist_match_declarations(std::string_view testbench);

/// Every `break;` inside a loop's begin-end body becomes `disable rtlduet_loop_N;`, the loop
/// wrapped in `begin : rtlduet_loop_N ... end` (lines kept); nullopt when the testbench has no
/// break, or one outside such a body.
std::optional<std::string> replace_break_statements(std::string_view testbench);

}  // namespace rtlduet::bench::detail
