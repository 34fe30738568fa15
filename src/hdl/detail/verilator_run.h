// hdl/detail/verilator_run.h: runs Verilator on one staged copy of a user's file through the
// sandbox (or answers from the cache), and turns its messages into Diagnostics named after the
// user's file.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hdl/lint.h"
#include "util/error.h"
#include "util/sandbox.h"

namespace rtlduet::hdl::detail {

/// The name the staged copy has inside the work directory.
inline constexpr std::string_view kStagedName = "rtlduet_design.sv";

struct VerilatorJob {
    std::string source_text;           // staged as kStagedName in the run's directory
    std::string user_name;             // how messages name the file
    std::vector<std::string> flags;    // between "verilator" and the file name
    std::vector<std::string> outputs;  // files the run writes that the caller reads
    // rtlduet's cache directory: a run that ended on its own is kept there (messages, exit
    // status and `outputs`) under the hash of the tool, the flags and the text, and the same
    // job later is answered from it without running Verilator. Empty: always run.
    std::filesystem::path cache_dir;
};

struct VerilatorOutput {
    util::RunResult run;
    std::vector<std::optional<std::string>> files;  // per job.outputs; nullopt: not written
    std::vector<Diagnostic> diagnostics;            // in message order
    std::string log;                                // stderr with the staged name mapped back
};

/// Answers `job` from the cache when it was kept there (no directory, no process), else
/// stages the text in a temporary directory of its own and runs Verilator on it.
util::Result<VerilatorOutput> run_verilator(const util::Sandbox& sandbox, const VerilatorJob& job);

/// Parses `%Error: file:line:col: msg` / `%Warning-CODE: ...` lines; continuation lines and
/// the closing "Exiting due to" summary are skipped.
std::vector<Diagnostic> parse_verilator_messages(std::string_view log);

/// The lines of `text`, without their newlines.
std::vector<std::string_view> split_lines(std::string_view text);

/// Replaces every occurrence of `from` in `text` with `to`.
std::string replace_all(std::string_view text, std::string_view from, std::string_view to);

/// An Input error at the first error diagnostic ("file:line: message"), or a Tool error with
/// the log tail when Verilator failed without saying where.
util::Error verilator_failure(const VerilatorOutput& output, std::string_view what);

}  // namespace rtlduet::hdl::detail
