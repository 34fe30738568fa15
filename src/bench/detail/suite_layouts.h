// bench/detail/suite_layouts.h: the loaders behind load_suite(), one per layout (VerilogEval's
// flat files, RTLLM's design folders), format detection, and the errata rtlduet knows about
// each published dataset.
#pragma once

#include <filesystem>
#include <string>

#include "bench/suite.h"

namespace rtlduet::bench::detail {

util::Error suite_error(const std::filesystem::path& file, std::string message);

/// The format a directory's layout shows (see load_suite()).
SuiteFormat detect_format(const std::filesystem::path& dir);

/// Fills suite.problems from suite.dir in the VerilogEval layout (also ChipBench's).
util::Status load_flat_layout(Suite& suite);

/// Fills suite.problems from suite.dir's RTLLM design folders: the top is the one module the
/// testbench instantiates and does not define, the reference's top its root module.
util::Status load_rtllm_layout(Suite& suite);

/// Notes known dataset errata (by format and problem name) on the problems that have them,
/// unless suite.json already gave the problem a note.
void apply_known_errata(Suite& suite);

}  // namespace rtlduet::bench::detail
