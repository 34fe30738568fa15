// hdl/synth.h: the synthesis check of a design with Yosys (`read_verilog -sv`, `synth -top`
// to the end of its word-level stage, `check`; the full synthesis only to decide a loop) in the
// sandbox: is it synthesizable at all, and does the netlist have latches, combinational loops
// or signals with several drivers.
#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"
#include "util/sandbox.h"

namespace rtlduet::hdl {

struct SynthesisIssue {
    /// "not_synthesizable", "latch", "combinational_loop" or "multiple_drivers".
    std::string kind;
    std::string signal;   // the signal concerned, when Yosys names one
    std::string message;  // one line for people and for the Verilog writer
    bool operator==(const SynthesisIssue&) const = default;
};

struct SynthesisReport {
    bool is_synthesizable = false;  // Yosys read, elaborated and synthesized it
    std::vector<SynthesisIssue> issues;
    std::string log;  // the end of Yosys' log when it failed
    std::chrono::milliseconds time{0};
    bool is_clean() const { return is_synthesizable && issues.empty(); }
};

struct SynthesisOptions {
    std::string top = "TopModule";
    /// The interface has no clock: the spec asks for combinational logic, so a latch is
    /// reported as such.
    bool is_combinational = false;
    std::chrono::milliseconds deadline{120'000};
    const std::atomic<bool>* cancel = nullptr;
    /// The cache directory: a check of a text seen before is answered from `yosys-runs/`
    /// (util::run_cached); empty: always run.
    std::filesystem::path cache_dir;
};

/// Synthesizes a copy of `rtl` with Yosys. A design that does not synthesize is a report,
/// not an error; errors: yosys missing (Tool), an unreadable file (Input), the sandbox (Io).
util::Result<SynthesisReport> check_synthesis(const util::Sandbox& sandbox,
                                              const std::filesystem::path& rtl,
                                              const SynthesisOptions& options);

/// The issues Yosys' log reports (exposed for tests).
std::vector<SynthesisIssue> parse_synthesis_log(std::string_view log, bool is_combinational);

/// Words for the Verilog writer: what to fix, one line per issue; empty when clean.
std::string synthesis_feedback(const SynthesisReport& report);

}  // namespace rtlduet::hdl
