// sim/batch.h: simulation of the n designs of one turn on the same vectors. With Verilator and
// a cache directory they are built into one executable (one compile per turn); the choice of
// backend can be left to a cost estimate (`Backend::Auto`).
#pragma once

#include <cstddef>
#include <filesystem>
#include <vector>

#include "hdl/interface.h"
#include "sim/simulator.h"
#include "stimulus/vectors.h"
#include "util/error.h"
#include "util/sandbox.h"

namespace rtlduet::sim {

struct BatchDesign {
    std::filesystem::path rtl;       // module TopModule with the shared interface
    std::filesystem::path work_dir;  // existing and empty, one per design
};

/// Simulates every design on `vectors`; one Simulation per design, in order. `shared` gives
/// everything but rtl and work_dir (ignored). A design that fails to build gets its own
/// RtlFailure; the others still run.
util::Result<std::vector<Simulation>> simulate_batch(const util::Sandbox& sandbox,
                                                     const hdl::Interface& ifc,
                                                     const stimulus::VectorSet& vectors,
                                                     const std::vector<BatchDesign>& designs,
                                                     const SimulationOptions& shared);

struct CostInputs {
    std::size_t rows = 0;
    std::size_t designs = 1;
    bool is_sequential = false;
    bool verilator_cached = false;  // every design's executable is in the build cache
    bool has_cache = true;          // a cache directory is set (else Verilator builds slowly)
};

/// Estimated wall time in milliseconds of building and running the designs (constants
/// measured on a 2-core machine; see bench/crosscheck_bench.py).
double estimated_cost_ms(Backend backend, const CostInputs& inputs);

/// The cheaper of Icarus and Verilator for these inputs (never Auto).
Backend choose_backend(const CostInputs& inputs);

/// `options.backend`, or when it is Auto the cheaper backend for these designs.
Backend resolve_backend(const util::Sandbox& sandbox, const hdl::Interface& ifc,
                        const stimulus::VectorSet& vectors,
                        const std::vector<std::filesystem::path>& rtl_files,
                        const SimulationOptions& options);

}  // namespace rtlduet::sim
