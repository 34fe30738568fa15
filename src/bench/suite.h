// bench/suite.h: a benchmark suite behind one interface, whatever its layout: VerilogEval v2
// (and ChipBench, the same layout) or RTLLM 2.0, each problem with its spec, reference,
// testbench, data files and the module a candidate must define; plus the optional suite.json.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace rtlduet::bench {

/// Which simulator decides a problem's verdicts.
enum class Simulator { Icarus, Verilator };
std::string_view to_string(Simulator simulator);

/// The layout a suite comes in, and with it the pass rule, module naming and file placement
/// (docs/benchmarks.md, "Suites").
enum class SuiteFormat {
    VerilogEval,  // <problem>_{prompt.txt,ref.sv,test.sv}; testbench prints "Mismatches: 0 in N"
    ChipBench,    // VerilogEval's layout; hierarchical references, macros in the testbench
    Rtllm,        // a folder per design: design_description.txt, testbench.v, verified_*.v
};
std::string_view to_string(SuiteFormat format);
/// "verilog-eval", "chipbench" or "rtllm".
std::optional<SuiteFormat> parse_suite_format(std::string_view text);

/// Per-problem settings from suite.json ("problems": {"<name>": {...}}).
struct ProblemOverride {
    std::optional<std::string> skip_reason;  // a known-bad problem: never scored
    std::optional<Simulator> simulator;      // forced instead of learned from the golden run
    std::string note;                        // erratum text shown in the summary
    std::optional<std::chrono::milliseconds> timeout;  // the simulation's wall limit
    bool operator==(const ProblemOverride&) const = default;
};

struct Problem {
    std::string name;  // e.g. "Prob001_zero", RTLLM: the design folder, "accu"
    SuiteFormat format = SuiteFormat::VerilogEval;
    std::filesystem::path prompt;  // the spec (RTLLM: design_description.txt)
    std::filesystem::path ref;
    std::filesystem::path test;
    std::optional<std::filesystem::path> ifc;
    std::string top = "TopModule";                  // the module a candidate must define
    std::string ref_top = "RefModule";              // the reference file's top module
    std::vector<std::filesystem::path> data_files;  // staged beside the testbench
    ProblemOverride overrides;
};

struct Suite {
    std::filesystem::path dir;
    SuiteFormat format = SuiteFormat::VerilogEval;
    std::string name;                 // suite.json "name", else the directory name
    std::string source;               // suite.json "source" (where the dataset came from)
    std::string license;              // suite.json "license"
    std::vector<std::string> errata;  // suite.json "errata": free text, shown in the summary
    std::vector<Problem> problems;    // sorted by name

    const Problem* find(std::string_view problem) const;
};

/// Loads a suite directory in `format`, else the format suite.json names, else the detected
/// one (RTLLM: design folders holding design_description.txt; ChipBench: its dataset_*
/// directory names; else VerilogEval). VerilogEval layout: a problem is named by any of its
/// `<problem>_{prompt.txt,ref.sv,test.sv}` files; one missing its testbench or reference is an
/// input error naming the missing file, other files are ignored. RTLLM: a design folder
/// without testbench.v or exactly one verified_*.v, or whose testbench instantiates no single
/// design module, is an input error naming it. A malformed suite.json is an input error.
util::Result<Suite> load_suite(const std::filesystem::path& dir,
                               std::optional<SuiteFormat> format = std::nullopt);

/// Problems whose name matches one of the comma-separated shell globs (all when empty).
std::vector<const Problem*> select_problems(const Suite& suite, std::string_view globs);

}  // namespace rtlduet::bench
