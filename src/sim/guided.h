// sim/guided.h: coverage-guided stimulus on a built Verilator simulation. The rows run once;
// when coverage is incomplete, each round replaces one segment of the tail with guided rows
// (stimulus/guided.h) built from the windows of rows that reached new coverage, reruns the
// same executable, and keeps the new rows only when they reached more coverage points.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "hdl/interface.h"
#include "sim/coverage.h"
#include "sim/simulator.h"
#include "stimulus/vectors.h"
#include "util/error.h"
#include "util/sandbox.h"

namespace rtlduet::sim {

struct GuidedOptions {
    bool is_enabled = true;
    double share = 0.25;        // of the rows: the tail that guided rounds may replace
    int rounds = 2;             // one rerun each; each replaces its own share of the tail
    std::size_t min_rows = 64;  // fewer rows: no guidance (nothing to learn from)
};

struct GuidedReport {
    bool has_run = false;
    std::string why_not;  // why no round ran
    int rounds = 0;
    int accepted = 0;
    std::size_t points = 0;             // coverage points in the design
    std::size_t reached_before = 0;     // by the first run (uniform rows, guided tail)
    std::size_t reached_after = 0;      // by the rows kept
    std::size_t guided_rows = 0;        // rows replaced by accepted rounds
    std::chrono::milliseconds time{0};  // the reruns
};

struct GuidedRun {
    stimulus::VectorSet vectors;  // the rows kept (the model must see exactly these)
    Simulation simulation;        // on those rows
    CoverageCounts counts;        // of that simulation
    GuidedReport report;
};

/// Runs `built` (a Verilator build with coverage, in options.work_dir) on `vectors`, then the
/// guided rounds. A build failure or a failed run ends it early with what ran.
util::Result<GuidedRun> run_guided(const util::Sandbox& sandbox, const hdl::Interface& ifc,
                                   const stimulus::VectorSet& vectors, const BuiltSimulation& built,
                                   const SimulationOptions& options, const GuidedOptions& guided);

}  // namespace rtlduet::sim
