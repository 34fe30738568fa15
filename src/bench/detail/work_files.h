// bench/detail/work_files.h: what a sample's work directory holds and in which order it is
// compiled, per suite format, with the candidate kept apart from the reference and the
// testbench: the reference's submodules renamed, duplicate module names refused, and the
// testbench's macros compiled ahead of the candidate.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bench/suite.h"
#include "util/error.h"

namespace rtlduet::bench::detail {

/// A module name the candidate may not define, and where it is defined already.
struct ReservedModule {
    std::string name;
    std::string where;  // "file:line"
};

/// A problem's files as they are compiled beside each candidate.
struct ProblemTexts {
    SuiteFormat format = SuiteFormat::VerilogEval;
    std::string top;     // the module the candidate must define
    std::string tb_top;  // the simulation's top module
    std::string test;
    std::optional<std::string> compat_test;  // the testbench rewritten for the simulator
    std::string compat_note;                 // which rewrites the compatibility copy has
    std::string ref;      // the reference the testbench instantiates; empty: none compiled
    std::string defines;  // the testbench's `define lines, compiled before the candidate
    std::string golden;   // the reference as a candidate (must pass)
    std::vector<std::filesystem::path> data_files;
    std::vector<ReservedModule> reserved;
    std::string note;                            // how the files were arranged, when it matters
    std::optional<std::string> unusable_reason;  // the reference cannot be scored at all
};

util::Result<ProblemTexts> read_problem_texts(const Problem& problem);

/// The sources in compile order (defines.sv, cand.sv, the testbench, ref.sv).
std::vector<std::string> work_sources(const ProblemTexts& texts, bool compat_testbench);

/// Writes the sources and copies the data files into a fresh work directory.
util::Status write_work_files(const std::filesystem::path& dir, const ProblemTexts& texts,
                              std::string_view candidate);

/// Why the candidate cannot be compiled with the problem's files: it lacks the top module, it
/// defines a module twice, or defines one the testbench or reference defines (both places
/// named). nullopt when its modules are its own.
std::optional<std::string> module_clash(std::string_view candidate, const ProblemTexts& texts);

}  // namespace rtlduet::bench::detail
