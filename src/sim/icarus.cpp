// sim/icarus.cpp: the Icarus backend: fills the SystemVerilog testbench template, compiles it
// with `iverilog -g2012` (one step; a compile of the same texts comes from the cache), runs
// `vvp -n` in the sandbox (another) and reads the 4-state trace it wrote.
#include <map>

#include <fmt/format.h>

#include "sim/detail/harness.h"
#include "util/content_cache.h"
#include "util/files.h"
#include "util/hash.h"

namespace rtlduet::sim::detail {
namespace {

std::string vector_range(int width) {
    return width == 1 ? std::string() : fmt::format("[{}:0] ", width - 1);
}

std::map<std::string, std::string> testbench_values(const hdl::Interface& ifc,
                                                    const RowLayout& layout, std::size_t rows) {
    std::string declarations;
    std::vector<std::string> connections;
    std::vector<std::string> inputs;
    std::string format;
    std::string values;
    for (const hdl::Port& port : ifc.ports) {
        if (ifc.clock && port.name == *ifc.clock) {
            connections.push_back(fmt::format("    .{}(rtlduet_clock)", port.name));
            continue;
        }
        const bool is_input = port.direction == hdl::PortDirection::Input;
        const std::string signal = fmt::format("rtlduet_{}_{}", is_input ? "in" : "out", port.name);
        declarations += fmt::format("  {} {}{};\n", is_input ? "reg" : "wire",
                                    vector_range(port.width), signal);
        connections.push_back(fmt::format("    .{}({})", port.name, signal));
        if (is_input) {
            inputs.push_back(signal);
        } else {
            format += " %h";
            values += ", " + signal;
        }
    }
    std::string apply;
    if (!layout.fields.empty()) {
        apply =
            fmt::format("      {{{}}} = rtlduet_vectors[rtlduet_row];", fmt::join(inputs, ", "));
    }
    std::vector<std::string> overrides;
    for (const hdl::Parameter& parameter : ifc.parameters) {
        if (parameter.is_overridden) {
            overrides.push_back(fmt::format(".{}({})", parameter.name, parameter.value));
        }
    }
    return {
        {"TOP", ifc.module_name},
        {"PARAMETERS", overrides.empty() ? "" : fmt::format(" #({})", fmt::join(overrides, ", "))},
        {"ROWS", std::to_string(rows)},
        {"ROW_BITS", std::to_string(layout.row_bits)},
        {"DECLARATIONS", declarations},
        {"CONNECTIONS", fmt::format("{}", fmt::join(connections, ",\n"))},
        {"OUTPUT_FORMAT", format},
        {"OUTPUT_VALUES", values},
        {"APPLY_ROW", apply}};
}

// Everything a compile's outcome depends on: the compiler, its arguments, both texts.
std::string compile_key(const std::string& iverilog, const std::vector<std::string>& argv,
                        const std::string& testbench, const std::string& design) {
    util::Sha256 hash;
    hash.field("icarus compile 1").field(util::file_identity(iverilog));
    for (const std::string& arg : argv) {
        hash.field(arg);
    }
    return hash.field(testbench).field(design).hex_digest();
}

}  // namespace

util::Result<BuiltHarness> build_icarus(const util::Sandbox& sandbox, const hdl::Interface& ifc,
                                        const RowLayout& layout, std::size_t rows,
                                        const std::string& design_copy,
                                        const SimulationOptions& options) {
    auto iverilog = require_program(sandbox, "iverilog");
    if (!iverilog) {
        return iverilog.error();
    }
    if (auto vvp = require_program(sandbox, "vvp"); !vvp) {
        return vvp.error();
    }
    auto testbench = render_template(options.templates_dir / "icarus_tb.sv.in",
                                     testbench_values(ifc, layout, rows));
    if (!testbench) {
        return testbench.error();
    }
    if (auto written = util::write_file(options.work_dir / "tb.sv", *testbench); !written) {
        return written.error();
    }
    // The testbench comes first so that a `timescale or `default_nettype in the design
    // cannot change how it is read.
    std::vector<std::string> argv = {*iverilog, "-g2012", "-o", "sim.vvp", "-s", "rtlduet_tb"};
    if (ifc.is_sequential()) {
        argv.emplace_back("-DRTLDUET_SEQUENTIAL");
    }
    argv.insert(argv.end(), {"tb.sv", design_copy});
    util::SandboxRequest compile{.argv = argv, .cwd = options.work_dir};
    compile.limits.deadline = options.build_deadline;
    auto design = util::read_file(options.work_dir / design_copy, util::ErrorKind::Io);
    if (!design) {
        return design.error();
    }
    const util::ContentCache cache(options.cache_dir.empty() ? options.cache_dir
                                                             : options.cache_dir / "icarus-builds");
    const auto started = std::chrono::steady_clock::now();
    auto compiled = run_tool(
        sandbox, compile, options.cancel, cache,
        cache.is_enabled() ? compile_key(*iverilog, argv, *testbench, *design) : std::string(),
        {"sim.vvp"});
    if (!compiled) {
        return compiled.error();
    }
    const util::RunResult& built = compiled->run;
    BuiltHarness result{.time = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::steady_clock::now() - started),
                        .compiled = !compiled->is_replayed};
    if (!built.succeeded()) {
        const std::string name = options.rtl.filename().string();
        result.failure =
            RtlFailure{.stage = "build",
                       .message = fmt::format("iverilog could not compile {} ({})", name,
                                              built.describe_end()),
                       .log = tidy_log(built.err + built.out, options.work_dir, design_copy, name),
                       .timed_out = built.timed_out};
    }
    return result;
}

util::Result<Simulation> run_icarus(const util::Sandbox& sandbox, const hdl::Interface& ifc,
                                    std::size_t rows, const std::string& design_copy,
                                    const SimulationOptions& options) {
    auto vvp = require_program(sandbox, "vvp");
    if (!vvp) {
        return vvp.error();
    }
    return run_simulation(sandbox, {*vvp, "-n", "sim.vvp"}, ifc, rows, options, design_copy);
}

}  // namespace rtlduet::sim::detail
