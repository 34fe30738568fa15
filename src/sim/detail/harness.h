// sim/detail/harness.h: what both simulator backends share: the packed vector file, template
// filling, the trace file parser and the work-directory plumbing around a sandboxed tool run.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hdl/interface.h"
#include "sim/simulator.h"
#include "sim/trace.h"
#include "stimulus/vectors.h"
#include "util/content_cache.h"
#include "util/error.h"
#include "util/sandbox.h"

namespace rtlduet::sim::detail {

/// Where each driven input sits in a packed row: the first input holds the most significant
/// bits, so `{a, b, c} = row` in Verilog. A design without driven inputs gets one zero bit.
struct RowLayout {
    struct Field {
        hdl::Port port;
        int lo = 0;  // bit offset of the port's LSB in the packed row
    };
    std::vector<Field> fields;
    int row_bits = 1;
};

RowLayout layout_rows(const std::vector<hdl::Port>& inputs);

/// vectors.hex: one line per row, the packed row as ceil(row_bits / 4) lower-case hex digits
/// (the format $readmemh reads).
std::string render_vector_file(const RowLayout& layout, const stimulus::VectorSet& vectors);

/// Replaces every {{KEY}} in `text`; a key without a value is an Internal error.
util::Result<std::string> fill_template(std::string_view text,
                                        const std::map<std::string, std::string>& values);

/// Reads a template and fills it.
util::Result<std::string> render_template(const std::filesystem::path& path,
                                          const std::map<std::string, std::string>& values);

/// Parses trace.txt: for each row "b <hex>..." (sequential only) then "a <hex>...", one hex
/// value per output, then "end <rows>". Anything else (a missing row, a foreign line, a bad
/// digit) is an error: the trace is the only evidence.
util::Result<Trace> parse_trace(std::string_view text, const std::vector<hdl::Port>& outputs,
                                std::size_t rows, bool is_sequential);

/// Checks the request fits the interface: same driven inputs, at least one row and output.
util::Status check_request(const hdl::Interface& ifc, const stimulus::VectorSet& vectors);

/// Finds a tool in the sandbox's PATH; ErrorKind::Tool when missing.
util::Result<std::string> require_program(const util::Sandbox& sandbox, std::string_view name);

/// Runs a tool in the work directory; turns cancellation and runner failures into errors.
util::Result<util::RunResult> run_tool(const util::Sandbox& sandbox, util::SandboxRequest request,
                                       const std::atomic<bool>* cancel);

/// The same, answered from `cache` when the run was kept under `key` (util::run_cached).
util::Result<util::CachedRun> run_tool(const util::Sandbox& sandbox, util::SandboxRequest request,
                                       const std::atomic<bool>* cancel,
                                       const util::ContentCache& cache, std::string_view key,
                                       const std::vector<std::string>& outputs);

/// Tool output for a report: the work directory's absolute path removed and `design_copy`
/// (the design's name inside the work directory) shown as the user's file name, bounded.
std::string tidy_log(std::string_view log, const std::filesystem::path& work_dir,
                     std::string_view design_copy, std::string_view design_name);

/// Copies the design to `<work>/src/<its file name>` and writes vectors.hex; returns the
/// copy's path relative to the work directory (what the tools are given).
util::Result<std::string> prepare_work_dir(const std::filesystem::path& work_dir,
                                           const std::filesystem::path& rtl,
                                           const RowLayout& layout,
                                           const stimulus::VectorSet& vectors);

/// Runs a built simulation (`argv`) in the work directory: a failed run is an RtlFailure
/// with the tidied log; after a clean run the trace is read (a missing or malformed trace is
/// an RtlFailure too).
util::Result<Simulation> run_simulation(const util::Sandbox& sandbox, std::vector<std::string> argv,
                                        const hdl::Interface& ifc, std::size_t rows,
                                        const SimulationOptions& options,
                                        std::string_view design_copy);

/// The backends (sim/verilator.cpp, sim/icarus.cpp): build the harness in the prepared work
/// directory, run it and read its trace. A Verilator build is its own step so that it can
/// be cached or reused without touching the run.
struct BuiltHarness {
    std::optional<RtlFailure> failure;
    std::chrono::milliseconds time{0};
    int index = 0;          // the design's argument to an executable that holds several designs
    bool compiled = false;  // false when the executable came from the build cache
};

/// The Verilator harness for `ifc` (testbenches/verilator_harness.cpp.in filled in).
util::Result<std::string> render_verilator_harness(const hdl::Interface& ifc,
                                                   const RowLayout& layout, std::size_t rows,
                                                   const std::filesystem::path& templates_dir);

util::Result<BuiltHarness> build_verilator(const util::Sandbox& sandbox, const hdl::Interface& ifc,
                                           const RowLayout& layout, std::size_t rows,
                                           const std::string& design_copy,
                                           const SimulationOptions& options);

util::Result<Simulation> run_verilator(const util::Sandbox& sandbox, const hdl::Interface& ifc,
                                       std::size_t rows, const std::string& design_copy,
                                       const SimulationOptions& options, int index = 0);

/// Compiles the Icarus testbench (sim.vvp in the work directory); it reads vectors.hex only
/// when it runs, so one compile serves any rows of the same count.
util::Result<BuiltHarness> build_icarus(const util::Sandbox& sandbox, const hdl::Interface& ifc,
                                        const RowLayout& layout, std::size_t rows,
                                        const std::string& design_copy,
                                        const SimulationOptions& options);

util::Result<Simulation> run_icarus(const util::Sandbox& sandbox, const hdl::Interface& ifc,
                                    std::size_t rows, const std::string& design_copy,
                                    const SimulationOptions& options);

}  // namespace rtlduet::sim::detail
