// sim/simulator.cpp: backend names and the common path of a design simulation: check the
// request, prepare the work directory and build with the chosen backend; then run any rows.
#include "sim/simulator.h"

#include "sim/batch.h"
#include "sim/detail/harness.h"
#include "util/files.h"

namespace rtlduet::sim {

std::string_view to_string(Backend backend) {
    switch (backend) {
        case Backend::Verilator:
            return "verilator";
        case Backend::Icarus:
            return "iverilog";
        case Backend::Auto:
            return "auto";
    }
    return "verilator";
}

std::chrono::milliseconds scaled_deadline(std::size_t rows) {
    return std::chrono::milliseconds(10'000 + static_cast<std::int64_t>(rows / 2));
}

std::optional<Backend> parse_backend(std::string_view name) {
    if (name == "verilator") {
        return Backend::Verilator;
    }
    if (name == "iverilog" || name == "icarus") {
        return Backend::Icarus;
    }
    if (name == "auto") {
        return Backend::Auto;
    }
    return std::nullopt;
}

util::Result<BuiltSimulation> build_simulation(const util::Sandbox& sandbox,
                                               const hdl::Interface& ifc,
                                               const stimulus::VectorSet& vectors,
                                               const SimulationOptions& options) {
    if (auto checked = detail::check_request(ifc, vectors); !checked) {
        return checked.error();
    }
    const detail::RowLayout layout = detail::layout_rows(vectors.inputs);
    auto design_copy = detail::prepare_work_dir(options.work_dir, options.rtl, layout, vectors);
    if (!design_copy) {
        return design_copy.error();
    }
    const std::size_t rows = vectors.rows.size();
    const Backend backend = resolve_backend(sandbox, ifc, vectors, {options.rtl}, options);
    auto built = backend == Backend::Icarus
                     ? detail::build_icarus(sandbox, ifc, layout, rows, *design_copy, options)
                     : detail::build_verilator(sandbox, ifc, layout, rows, *design_copy, options);
    if (!built) {
        return built.error();
    }
    return BuiltSimulation{.backend = backend,
                           .design_copy = *design_copy,
                           .failure = built->failure,
                           .build_time = built->time,
                           .compiled = built->compiled,
                           .index = built->index};
}

util::Result<Simulation> run_built(const util::Sandbox& sandbox, const hdl::Interface& ifc,
                                   const stimulus::VectorSet& vectors, const BuiltSimulation& built,
                                   const SimulationOptions& options) {
    Simulation failed{.failure = built.failure,
                      .build_time = built.build_time,
                      .backend = built.backend,
                      .compiled = built.compiled};
    if (built.failure) {
        return failed;
    }
    const detail::RowLayout layout = detail::layout_rows(vectors.inputs);
    if (auto written = util::write_file(options.work_dir / "vectors.hex",
                                        detail::render_vector_file(layout, vectors));
        !written) {
        return written.error();
    }
    const std::size_t rows = vectors.rows.size();
    auto simulation =
        built.backend == Backend::Icarus
            ? detail::run_icarus(sandbox, ifc, rows, built.design_copy, options)
            : detail::run_verilator(sandbox, ifc, rows, built.design_copy, options, built.index);
    if (simulation) {
        simulation->build_time = built.build_time;
        simulation->compiled = built.compiled;
        simulation->backend = built.backend;
    }
    return simulation;
}

util::Result<Simulation> simulate(const util::Sandbox& sandbox, const hdl::Interface& ifc,
                                  const stimulus::VectorSet& vectors,
                                  const SimulationOptions& options) {
    auto built = build_simulation(sandbox, ifc, vectors, options);
    if (!built) {
        return built.error();
    }
    return run_built(sandbox, ifc, vectors, *built, options);
}

}  // namespace rtlduet::sim
