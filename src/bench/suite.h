// bench/suite.h: a benchmark suite in the VerilogEval v2 layout (per problem a prompt, a
// reference `RefModule`, a testbench `tb`, maybe an interface) plus the optional suite.json.
#pragma once

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

/// Per-problem settings from suite.json ("problems": {"<name>": {...}}).
struct ProblemOverride {
    std::optional<std::string> skip_reason;  // a known-bad problem: never scored
    std::optional<Simulator> simulator;      // forced instead of learned from the golden run
    std::string note;                        // erratum text shown in the summary
    bool operator==(const ProblemOverride&) const = default;
};

struct Problem {
    std::string name;  // e.g. "Prob001_zero"
    std::filesystem::path prompt;
    std::filesystem::path ref;
    std::filesystem::path test;
    std::optional<std::filesystem::path> ifc;
    ProblemOverride overrides;
};

struct Suite {
    std::filesystem::path dir;
    std::string name;                 // suite.json "name", else the directory name
    std::string source;               // suite.json "source" (where the dataset came from)
    std::string license;              // suite.json "license"
    std::vector<std::string> errata;  // suite.json "errata": free text, shown in the summary
    std::vector<Problem> problems;    // sorted by name

    const Problem* find(std::string_view problem) const;
};

/// Loads a suite directory. A problem is named by any of its `<problem>_{prompt.txt,ref.sv,
/// test.sv}` files; one missing its testbench or reference is an input error naming the
/// missing file. Files of other shapes are ignored. A malformed suite.json is an input error.
util::Result<Suite> load_suite(const std::filesystem::path& dir);

/// Problems whose name matches one of the comma-separated shell globs (all when empty).
std::vector<const Problem*> select_problems(const Suite& suite, std::string_view globs);

}  // namespace rtlduet::bench
