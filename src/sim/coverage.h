// sim/coverage.h: what the cross-check's rows exercised inside the design, from Verilator's
// line and toggle coverage (the harness appends the counts of each window of rows to one
// file): lines and branches that ran, signal bits that toggled, and the states of case-coded
// state machines.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace rtlduet::sim {

struct CoveragePoint {
    enum class Kind { Line, Branch, Toggle };
    Kind kind = Kind::Line;
    std::string file;  // as the simulator saw it (the design's copy in the work directory)
    int line = 0;
    int column = 0;
    std::string comment;  // "block", "if", "else", "case"...; the signal bit for a toggle
};

/// The counts of every point for each window of rows, in row order.
struct CoverageCounts {
    std::vector<CoveragePoint> points;
    std::vector<std::vector<std::uint64_t>> windows;  // [window][point]
    std::size_t window_rows = 1;                      // rows per window (the last may be short)

    bool empty() const { return points.empty(); }
    /// Per point: reached in some window.
    std::vector<bool> reached() const;
    /// Per point: the first window that reached it, or -1.
    std::vector<int> first_window() const;
};

/// Reads the harness's coverage.dat in `work_dir` (its windows in order); no file: empty counts.
/// Errors: a file that cannot be read or parsed (Internal: the harness wrote it).
util::Result<CoverageCounts> read_coverage(const std::filesystem::path& work_dir, std::size_t rows);

struct UncoveredLine {
    std::string file;  // the user's file name
    int line = 0;
    std::string kind;  // "block", "if", "else", "case", ...
    bool operator==(const UncoveredLine&) const = default;
};

/// A case statement over one variable with named items (or a variable called *state*).
struct FsmCoverage {
    std::string variable;
    int line = 0;
    std::vector<std::string> states;     // the named items, in source order
    std::vector<std::string> unreached;  // states whose item never ran
};

struct Coverage {
    bool is_measured = false;
    std::size_t lines = 0;  // line and branch points
    std::size_t lines_hit = 0;
    std::size_t toggle_bits = 0;
    std::size_t toggles_hit = 0;
    std::vector<UncoveredLine> uncovered_lines;  // every line or branch point never reached
    std::vector<std::string> untoggled;          // signal bits that never toggled
    std::vector<FsmCoverage> fsms;
};

/// The summary of `counts`. `sources` gives the text of each design file as the simulator saw
/// it (path -> text) for the state names; `display_name` replaces the work copy's path.
struct DesignSource {
    std::string copy;          // the path in the coverage file
    std::string display_name;  // the user's file name
    std::string text;
};
Coverage summarize_coverage(const CoverageCounts& counts, const std::vector<DesignSource>& sources);

/// Lines and branches reached, as a fraction of all of them (1 when there are none).
double line_fraction(const Coverage& coverage);

}  // namespace rtlduet::sim
