// sim/simulator.cpp: backend names and the common path of a design simulation: check the
// request, prepare the work directory, then build and run with the chosen backend.
#include "sim/simulator.h"

#include "sim/batch.h"
#include "sim/detail/harness.h"

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

util::Result<Simulation> simulate(const util::Sandbox& sandbox, const hdl::Interface& ifc,
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
    if (resolve_backend(sandbox, ifc, vectors, {options.rtl}, options) == Backend::Icarus) {
        auto simulation =
            detail::simulate_icarus(sandbox, ifc, layout, rows, *design_copy, options);
        if (simulation) {
            simulation->backend = Backend::Icarus;
        }
        return simulation;
    }
    auto built = detail::build_verilator(sandbox, ifc, layout, rows, *design_copy, options);
    if (!built) {
        return built.error();
    }
    if (built->failure) {
        return Simulation{
            .failure = built->failure, .build_time = built->time, .compiled = built->compiled};
    }
    auto simulation =
        detail::run_verilator(sandbox, ifc, rows, *design_copy, options, built->index);
    if (simulation) {
        simulation->build_time = built->time;
        simulation->compiled = built->compiled;
    }
    return simulation;
}

}  // namespace rtlduet::sim
