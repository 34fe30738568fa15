// bench/detail/log_analysis.h: pure decisions on compiler and simulator output: the verdict
// rules of rtlduet and of the dataset's own script, and what broke in a golden run.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bench/score.h"

namespace rtlduet::bench::detail {

/// What one compile-and-simulate attempt produced.
struct SimRun {
    bool compiled = false;
    bool compile_timed_out = false;
    bool signalled = false;                 // a step was killed by a signal (no output limit)
    std::string compile_log;                // compiler stdout then stderr
    bool ran = false;                       // the simulation was started
    bool timed_out = false;                 // the simulation hit the wall timeout
    bool ended_normally = false;            // exited by itself with status 0
    std::string end;                        // how the simulation ended, for reasons
    std::chrono::milliseconds sim_wall{0};  // the simulation's wall time
    std::string sim_log;                    // simulator stdout then stderr
};

struct MismatchLine {
    std::uint64_t mismatches = 0;
    std::uint64_t samples = 0;
    bool operator==(const MismatchLine&) const = default;
};

/// Why `run` failed for a reason of this machine and this moment rather than of the sources: a
/// step hit its deadline or was killed by a signal, or a log shows the system refusing a
/// resource (a permission, memory, processes, disk space). Empty when nothing points that way.
std::string passing_failure(const SimRun& run);

/// Every line that is exactly "Mismatches: M in N samples", in order.
std::vector<MismatchLine> find_mismatch_lines(std::string_view log);

struct Judgement {
    Verdict verdict = Verdict::Fail;
    std::string reason;
};

/// rtlduet's rule: pass = compiled, ended by itself before the timeout with status 0 and
/// printed exactly one "Mismatches: 0 in N samples" with N == golden_samples (0: any N, used
/// for the golden run itself).
Judgement judge(const SimRun& run, std::uint64_t golden_samples);

/// The dataset's analysis script: pass iff the log has "Mismatches: 0 in" and no line
/// contains "TIMEOUT" or "error" (and the run was not killed by the wall timeout).
Verdict judge_official(const SimRun& run);

/// RTLLM's rule: pass = compiled, ended by itself before the timeout with status 0, printed
/// exactly one pass line (`===========Your Design Passed===========`, also with a space
/// inside each rule as some testbenches print it) and no line that mentions a failure or an
/// error (the testbenches' failure reports all do, so a design cannot forge a pass by
/// printing the pass line itself).
Judgement judge_pass_line(const SimRun& run);

/// RTLLM's own script: pass iff the simulation output contains "Pass".
Verdict judge_official_pass_line(const SimRun& run);

/// The rule of the suite's format: judge() for VerilogEval's layout, judge_pass_line() for RTLLM.
Judgement judge_for(SuiteFormat format, const SimRun& run, std::uint64_t golden_samples);
Verdict judge_official_for(SuiteFormat format, const SimRun& run);

/// Why a golden (reference-as-candidate) compile failed.
enum class HarnessFault {
    DeclarationOrder,  // Icarus >= 12: tb_match/tb_mismatch used in the testbench before declared
    Unsupported,       // "sorry:": the simulator lacks a construct the reference or testbench uses
    Other,             // e.g. reference ports differ from the testbench's
};
HarnessFault classify_harness_failure(std::string_view compile_log, std::string_view test_file);

/// The first line that reports an error ("error" or "sorry"), else the first line.
std::string first_error_line(std::string_view log);

/// The last `lines` lines of `log`.
std::string tail_lines(std::string_view log, std::size_t lines);

}  // namespace rtlduet::bench::detail
