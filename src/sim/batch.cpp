// sim/batch.cpp: n designs on one set of vectors: one Verilator build for all of them (each
// runs from the shared executable with its own argument), and the backend cost estimate
// behind `--sim auto`.
#include "sim/batch.h"

#include "sim/detail/harness.h"
#include "sim/detail/verilator_fast.h"

namespace rtlduet::sim {
namespace {

// Milliseconds, measured with bench/crosscheck_bench.py on a 2-core x86-64 machine with
// Verilator 5.006, g++ 12 and Icarus 11 (sandboxed with bubblewrap). Icarus pays a small
// compile per design and a slow run; Verilator pays a compile per turn (or nothing when the
// executable is cached) and runs about ten times faster.
constexpr double kIcarusBuild = 60.0;
constexpr double kIcarusRunStart = 15.0;
constexpr double kIcarusRowSequential = 0.006;
constexpr double kIcarusRowCombinational = 0.003;
constexpr double kVerilatorBuild = 800.0;
constexpr double kVerilatorBuildPerExtraDesign = 150.0;
constexpr double kVerilatorBuildUncached = 4400.0;
constexpr double kVerilatorCacheHit = 5.0;
constexpr double kVerilatorRunStart = 10.0;
constexpr double kVerilatorRow = 0.0004;

SimulationOptions design_options(const SimulationOptions& shared, const BatchDesign& design) {
    SimulationOptions options = shared;
    options.rtl = design.rtl;
    options.work_dir = design.work_dir;
    return options;
}

util::Result<std::vector<Simulation>> one_by_one(const util::Sandbox& sandbox,
                                                 const hdl::Interface& ifc,
                                                 const stimulus::VectorSet& vectors,
                                                 const std::vector<BatchDesign>& designs,
                                                 const SimulationOptions& shared, Backend backend) {
    std::vector<Simulation> simulations;
    for (const BatchDesign& design : designs) {
        SimulationOptions options = design_options(shared, design);
        options.backend = backend;
        auto simulation = simulate(sandbox, ifc, vectors, options);
        if (!simulation) {
            return simulation.error();
        }
        simulations.push_back(std::move(*simulation));
    }
    return simulations;
}

}  // namespace

double estimated_cost_ms(Backend backend, const CostInputs& inputs) {
    const auto rows = static_cast<double>(inputs.rows);
    const auto designs = static_cast<double>(inputs.designs);
    if (backend == Backend::Icarus) {
        const double per_row =
            inputs.is_sequential ? kIcarusRowSequential : kIcarusRowCombinational;
        return designs * (kIcarusBuild + kIcarusRunStart + rows * per_row);
    }
    double build = kVerilatorBuild + kVerilatorBuildPerExtraDesign * (designs - 1.0);
    if (inputs.verilator_cached) {
        build = kVerilatorCacheHit * designs;
    } else if (!inputs.has_cache) {
        build = kVerilatorBuildUncached * designs;
    }
    return build + designs * (kVerilatorRunStart + rows * kVerilatorRow);
}

Backend choose_backend(const CostInputs& inputs) {
    return estimated_cost_ms(Backend::Verilator, inputs) <
                   estimated_cost_ms(Backend::Icarus, inputs)
               ? Backend::Verilator
               : Backend::Icarus;
}

Backend resolve_backend(const util::Sandbox& sandbox, const hdl::Interface& ifc,
                        const stimulus::VectorSet& vectors,
                        const std::vector<std::filesystem::path>& rtl_files,
                        const SimulationOptions& options) {
    if (options.backend != Backend::Auto) {
        return options.backend;
    }
    const std::size_t rows = vectors.rows.size();
    const bool cached = detail::verilator_builds_cached(
        sandbox, ifc, detail::layout_rows(vectors.inputs), rows, rtl_files, options);
    return choose_backend(CostInputs{.rows = rows,
                                     .designs = rtl_files.size(),
                                     .is_sequential = ifc.is_sequential(),
                                     .verilator_cached = cached,
                                     .has_cache = !options.cache_dir.empty()});
}

util::Result<std::vector<Simulation>> simulate_batch(const util::Sandbox& sandbox,
                                                     const hdl::Interface& ifc,
                                                     const stimulus::VectorSet& vectors,
                                                     const std::vector<BatchDesign>& designs,
                                                     const SimulationOptions& shared) {
    if (auto checked = detail::check_request(ifc, vectors); !checked) {
        return checked.error();
    }
    std::vector<std::filesystem::path> rtl_files;
    for (const BatchDesign& design : designs) {
        rtl_files.push_back(design.rtl);
    }
    const Backend backend = resolve_backend(sandbox, ifc, vectors, rtl_files, shared);
    if (backend == Backend::Icarus || shared.cache_dir.empty()) {
        return one_by_one(sandbox, ifc, vectors, designs, shared, backend);
    }
    const detail::RowLayout layout = detail::layout_rows(vectors.inputs);
    std::vector<detail::FastDesign> fast;
    for (const BatchDesign& design : designs) {
        auto copy = detail::prepare_work_dir(design.work_dir, design.rtl, layout, vectors);
        if (!copy) {
            return copy.error();
        }
        fast.push_back({.work_dir = design.work_dir,
                        .design_copy = *copy,
                        .design_name = design.rtl.filename().string()});
    }
    const std::size_t rows = vectors.rows.size();
    auto built = detail::build_verilator_batch(sandbox, ifc, layout, rows, fast, shared);
    if (!built) {
        return built.error();
    }
    std::vector<Simulation> simulations;
    for (std::size_t i = 0; i < designs.size(); ++i) {
        const detail::BuiltHarness& harness = (*built)[i];
        if (harness.failure) {
            simulations.push_back(Simulation{.failure = harness.failure,
                                             .build_time = harness.time,
                                             .backend = Backend::Verilator,
                                             .compiled = harness.compiled});
            continue;
        }
        auto simulation = detail::run_verilator(sandbox, ifc, rows, fast[i].design_copy,
                                                design_options(shared, designs[i]), harness.index);
        if (!simulation) {
            return simulation.error();
        }
        simulation->build_time = harness.time;
        simulation->compiled = harness.compiled;
        simulations.push_back(std::move(*simulation));
    }
    return simulations;
}

}  // namespace rtlduet::sim
