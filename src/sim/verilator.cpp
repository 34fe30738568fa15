// sim/verilator.cpp: the Verilator backend: fills the C++ harness template, builds it with
// `verilator --cc --exe --build` in the sandbox (one step, so it can be cached later), runs
// the binary and reads the trace it wrote.
#include <map>

#include <fmt/format.h>

#include "hdl/extract.h"
#include "sim/detail/harness.h"
#include "sim/detail/verilator_fast.h"
#include "util/files.h"

namespace rtlduet::sim::detail {
namespace {

constexpr std::uint64_t kBuildAddressSpace = 4ull << 30;
constexpr std::uint64_t kBuildProcesses = 64;

std::map<std::string, std::string> harness_values(const hdl::Interface& ifc,
                                                  const RowLayout& layout, std::size_t rows) {
    std::string drive;
    for (const RowLayout::Field& field : layout.fields) {
        drive += fmt::format("    drive(top.{}, row, {}, {});\n", field.port.name, field.lo,
                             field.port.width);
    }
    std::string sample;
    for (const hdl::Port& port : ifc.outputs()) {
        sample += fmt::format("    emit(out, top.{}, {});\n", port.name, port.width);
    }
    std::string clock;
    if (ifc.clock) {
        clock = fmt::format("    top.{} = static_cast<CData>(level);\n", *ifc.clock);
    }
    return {{"IS_SEQUENTIAL", ifc.is_sequential() ? "true" : "false"},
            {"ROW_BITS", std::to_string(layout.row_bits)},
            {"ROWS", std::to_string(rows)},
            {"SET_CLOCK", clock},
            {"DRIVE_INPUTS", drive},
            {"SAMPLE_OUTPUTS", sample}};
}

}  // namespace

util::Result<std::string> render_verilator_harness(const hdl::Interface& ifc,
                                                   const RowLayout& layout, std::size_t rows,
                                                   const std::filesystem::path& templates_dir) {
    return render_template(templates_dir / "verilator_harness.cpp.in",
                           harness_values(ifc, layout, rows));
}

util::Result<BuiltHarness> build_verilator(const util::Sandbox& sandbox, const hdl::Interface& ifc,
                                           const RowLayout& layout, std::size_t rows,
                                           const std::string& design_copy,
                                           const SimulationOptions& options) {
    if (!options.cache_dir.empty()) {
        return build_verilator_cached(sandbox, ifc, layout, rows, design_copy, options);
    }
    for (const char* tool : {"g++", "make"}) {
        if (auto found = require_program(sandbox, tool); !found) {
            return found.error();
        }
    }
    auto verilator = require_program(sandbox, "verilator");
    if (!verilator) {
        return verilator.error();
    }
    auto harness = render_verilator_harness(ifc, layout, rows, options.templates_dir);
    if (!harness) {
        return harness.error();
    }
    if (auto written = util::write_file(options.work_dir / "harness.cpp", *harness); !written) {
        return written.error();
    }
    std::vector<std::string> argv = {
        *verilator, "--cc", "--exe",        "--build",       "-j",        "1",
        "--prefix", "Vtop", "--top-module", ifc.module_name, "-Mdir",     "obj",
        "-o",       "sim",  "--no-timing",  "-Wno-fatal",    "-Wno-lint", "-Wno-style"};
    const auto parameters = hdl::parameter_flags(ifc);
    argv.insert(argv.end(), parameters.begin(), parameters.end());
    argv.insert(argv.end(), {"harness.cpp", design_copy});
    util::SandboxRequest request{.argv = argv, .cwd = options.work_dir};
    request.limits.deadline = options.build_deadline;
    request.limits.cpu_seconds = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::seconds>(options.build_deadline).count() * 2);
    request.limits.address_space_bytes = kBuildAddressSpace;
    request.limits.processes = kBuildProcesses;
    auto run = run_tool(sandbox, request, options.cancel);
    if (!run) {
        return run.error();
    }
    BuiltHarness built{.time = run->wall, .compiled = true};
    if (!run->succeeded()) {
        const std::string name = options.rtl.filename().string();
        built.failure = RtlFailure{
            .stage = "build",
            .message = fmt::format("verilator could not build {} ({})", name, run->describe_end()),
            .log = tidy_log(run->err + run->out, options.work_dir, design_copy, name),
            .timed_out = run->timed_out};
    }
    return built;
}

util::Result<Simulation> run_verilator(const util::Sandbox& sandbox, const hdl::Interface& ifc,
                                       std::size_t rows, const std::string& design_copy,
                                       const SimulationOptions& options, int index) {
    return run_simulation(sandbox,
                          {(options.work_dir / "obj" / "sim").string(), std::to_string(index)}, ifc,
                          rows, options, design_copy);
}

}  // namespace rtlduet::sim::detail
