// bench/detail/simulate.h: the official compile-and-run flows in a sample's work directory
// (its sources already written there), each process through the sandbox.
#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "bench/detail/log_analysis.h"
#include "util/sandbox.h"

namespace rtlduet::bench::detail {

/// The Verilator runtime kit a one-step build reads in place: its directory, the compiler
/// command its objects and precompiled header were built with, and the objects to link.
struct RuntimeKit {
    std::filesystem::path dir;
    std::string command;
    std::vector<std::string> objects;  // absolute paths, sorted
};

struct FlowSettings {
    std::chrono::milliseconds timeout{30'000};  // the simulation's wall limit
    /// The prebuilt Verilator runtime kit (built on first call); empty: none.
    std::function<util::Result<RuntimeKit>()> verilator_runtime;
    /// Where Verilator builds are kept by content, so a sample seen before (a rescored file,
    /// a golden reference) is not built again; empty: none.
    std::filesystem::path verilator_builds;
    const std::atomic<bool>* cancel = nullptr;
};

/// What to build: the sources in compile order and the simulation's top module.
struct BuildInputs {
    std::vector<std::string> sources;  // e.g. cand.sv test.sv ref.sv
    std::string top = "tb";
};

/// `iverilog -Wall -Winfloop -Wno-timescale -g2012 -s <top> -o sim <sources>`, then
/// `vvp -n sim` under the timeout.
util::Result<SimRun> run_icarus(const util::Sandbox& sandbox, const std::filesystem::path& dir,
                                const BuildInputs& inputs, const FlowSettings& settings);

/// `verilator --binary --timing` on the same files and top (code generation, then the
/// generated sources compiled and linked against the prebuilt runtime objects in one compiler
/// run with the makefile's flags and the runtime's precompiled header, both read in place;
/// without a runtime, make; a module defined twice is an error, not MODDUP's warning), then
/// the built binary under the timeout. A build kept in settings.verilator_builds is replayed
/// (its log and executable) instead.
util::Result<SimRun> run_verilator(const util::Sandbox& sandbox, const std::filesystem::path& dir,
                                   const BuildInputs& inputs, const FlowSettings& settings);

/// Builds the Verilator runtime in `dir` (verilated*.o, the makefile's compiler command for
/// generated sources and a precompiled header made with it) and returns the directory holding
/// it: reused by every later build.
util::Result<std::filesystem::path> build_verilator_runtime(const util::Sandbox& sandbox,
                                                            const std::filesystem::path& dir,
                                                            const FlowSettings& settings);

/// Copies the runtime objects to `target` (a cache directory) through a staging directory
/// renamed into place, so concurrent runs see all of it or nothing.
util::Result<std::filesystem::path> publish_runtime(const std::filesystem::path& objects,
                                                    const std::filesystem::path& target);

/// The runtime kit in `dir`, read once for every build of the process, where the sandbox's
/// builds can read it: `dir` itself, or, when the sandbox runs as another user who cannot
/// reach it (a cache under /root or a private home), a copy of it in the system temp directory.
util::Result<RuntimeKit> open_runtime_kit(const util::Sandbox& sandbox,
                                          const std::filesystem::path& dir);

}  // namespace rtlduet::bench::detail
