// sim/simulator.h: runs a design (Verilator or Icarus) and a Python reference model on the
// same input rows, each in its own sandboxed work directory, and returns their traces.
// A design or model that fails is data (RtlFailure, ModelError); util::Error means the
// environment failed (missing tool, unwritable directory, interrupted).
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <semaphore>
#include <string>
#include <string_view>

#include "hdl/interface.h"
#include "sim/trace.h"
#include "stimulus/vectors.h"
#include "util/error.h"
#include "util/sandbox.h"

namespace rtlduet::sim {

/// Auto: the cheaper of the two for the run (sim/batch.h, choose_backend).
enum class Backend { Verilator, Icarus, Auto };

std::string_view to_string(Backend backend);
/// "verilator", "iverilog" (also "icarus") or "auto".
std::optional<Backend> parse_backend(std::string_view name);

struct SimulationOptions {
    Backend backend = Backend::Verilator;
    std::filesystem::path rtl;            // the design file (the top is ifc.module_name)
    std::filesystem::path templates_dir;  // rtlduet's testbenches/ directory
    std::filesystem::path work_dir;       // existing and empty; the sandbox may write only here
    /// rtlduet's cache ($XDG_CACHE_HOME/rtlduet): Verilator builds use the cached runtime and
    /// reuse executables of designs built before. Empty: a plain `verilator --build`.
    std::filesystem::path cache_dir;
    /// Where a Verilator build makes its own directory (the generated C++ of every design of
    /// the build, the unity file, the executable): a directory of the caller's work, never a
    /// run's, so that --keep-work keeps it with the rest. Empty: the process's work directory.
    std::filesystem::path build_parent;
    std::chrono::milliseconds build_deadline{120'000};
    std::chrono::milliseconds run_deadline{0};  // 0: scaled_deadline(rows)
    const std::atomic<bool>* cancel = nullptr;
    /// A unit of the caller's simulation-slot semaphore, held during the call: a Verilator
    /// build that waits for another build's compile (to share the next one) gives it back
    /// meanwhile. Null: the caller holds none.
    std::counting_semaphore<>* held_slot = nullptr;
};

/// The wall deadline of one simulation or model run over `rows` rows unless one is given:
/// 10 s plus 0.5 ms a row (a model that hangs at 200 rows stops after ~10 s; 100 000 rows
/// get 60 s). Time a run waits for a CPU on a loaded machine is added by the sandbox.
std::chrono::milliseconds scaled_deadline(std::size_t rows);

/// Why the design produced no usable trace: it did not build, the simulation failed or
/// timed out, or the trace the harness wrote is incomplete.
struct RtlFailure {
    std::string stage;       // "build", "run" or "trace"
    std::string message;     // one line
    std::string log;         // the tool's messages, work paths replaced by the design's name
    bool timed_out = false;  // the stage hit its deadline: a timeout, not a design error
};

struct Simulation {
    Trace trace;
    std::optional<RtlFailure> failure;
    std::chrono::milliseconds build_time{0};
    std::chrono::milliseconds run_time{0};
    Backend backend = Backend::Verilator;  // the one that ran (Auto resolved)
    bool compiled = false;  // the simulator compiled the design (not a Verilator cache hit)
};

/// A design built for one backend in its work directory. The harness reads vectors.hex only
/// when it runs, so one build serves any rows of the same count (guided stimulus, reruns).
struct BuiltSimulation {
    Backend backend = Backend::Verilator;  // Auto resolved
    std::string design_copy;               // the design's path inside the work directory
    std::optional<RtlFailure> failure;     // the build failed: nothing can run
    std::chrono::milliseconds build_time{0};
    bool compiled = false;  // the simulator compiled the design (not a Verilator cache hit)
    int index = 0;          // the design's argument to an executable built for several
};

/// The first half of simulate(): prepares the work directory and builds the harness.
util::Result<BuiltSimulation> build_simulation(const util::Sandbox& sandbox,
                                               const hdl::Interface& ifc,
                                               const stimulus::VectorSet& vectors,
                                               const SimulationOptions& options);

/// The second half: writes `vectors` (as many rows as the build was made for) into the work
/// directory and runs the built harness. A build failure is returned as the Simulation's.
util::Result<Simulation> run_built(const util::Sandbox& sandbox, const hdl::Interface& ifc,
                                   const stimulus::VectorSet& vectors, const BuiltSimulation& built,
                                   const SimulationOptions& options);

/// Builds the harness for `ifc` around the design and runs `vectors` through it
/// (docs/crosscheck.md gives the cycle contract). `vectors.inputs` must equal
/// `ifc.driven_inputs()`.
util::Result<Simulation> simulate(const util::Sandbox& sandbox, const hdl::Interface& ifc,
                                  const stimulus::VectorSet& vectors,
                                  const SimulationOptions& options);

struct ModelOptions {
    std::filesystem::path python = "/usr/bin/python3";
    std::filesystem::path
        model;  // the reference model: class <top> or TopModule (docs/crosscheck.md)
    std::filesystem::path templates_dir;    // rtlduet's testbenches/ directory
    std::filesystem::path work_dir;         // existing and empty, apart from the design's
    std::chrono::milliseconds deadline{0};  // 0: scaled_deadline(rows)
    const std::atomic<bool>* cancel = nullptr;
};

enum class ModelErrorKind {
    Load,           // syntax error, import failure, no model class, bad __init__ parameters
    Exception,      // eval() or outputs() raised
    BadReturn,      // returned something other than a dict
    MissingOutput,  // an output port is missing from the dict
    ExtraOutput,    // the dict names something that is not an output port
    NotInt,         // a value is not an int (bool counts as an int)
    Negative,       // a value is negative (values are unsigned)
    TooWide,        // a value does not fit the port's width
    Exit,           // sys.exit() or the process ended without finishing
    Timeout,        // the deadline passed
    Crash,          // killed by a signal (memory limit, segfault)
};

std::string_view to_string(ModelErrorKind kind);

struct ModelError {
    ModelErrorKind kind = ModelErrorKind::Exception;
    std::optional<std::size_t> row;  // the row being evaluated, when known
    std::string message;             // one line
    std::string traceback;           // Python's traceback, or the tail of stderr
};

struct ModelRun {
    Trace trace;  // pre filled only when the model defines outputs() (sequential designs)
    bool has_outputs_method = false;
    std::optional<ModelError> error;
    std::chrono::milliseconds time{0};
};

/// Runs the model once over all rows in one sandboxed `python -I` process.
util::Result<ModelRun> run_model(const util::Sandbox& sandbox, const hdl::Interface& ifc,
                                 const stimulus::VectorSet& vectors, const ModelOptions& options);

}  // namespace rtlduet::sim
