// sim/detail/verilator_unity.h: builds one or more designs into one executable: each design is
// verilated with its own --prefix, then every generated model and a copy of the harness per
// design (in its own namespace) are compiled as one translation unit against the cached
// runtime. Designs of different interfaces, tops and row counts can share a compile.
#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sim/detail/verilator_recipe.h"
#include "sim/simulator.h"
#include "util/error.h"
#include "util/sandbox.h"

namespace rtlduet::sim::detail {

struct UnityDesign {
    std::filesystem::path work_dir;  // the design's own work directory (prepared)
    std::string design_copy;         // the design's path inside it
    std::string design_name;         // the user's file name, for messages
    std::string harness;             // the rendered harness for this design
    std::string top_module = "TopModule";
    std::vector<std::string> parameter_flags;  // -GNAME=VALUE for the --param overrides
};

struct UnityOptions {
    std::chrono::milliseconds deadline{120'000};
    const std::atomic<bool>* cancel = nullptr;
};

/// A design Verilator turned into C++ in its <work>/obj, its classes named after `prefix`.
struct VerilatedDesign {
    UnityDesign design;
    std::string prefix;
};

struct UnityBuild {
    /// Per design: nullopt when it is in the executable, else why it is not.
    std::vector<std::optional<RtlFailure>> failures;
    /// Executables, one per group of designs that compiled together (usually one).
    std::vector<std::filesystem::path> binaries;
    std::vector<int> binary_of;  // per design: which executable holds it (-1: none)
    std::chrono::milliseconds time{0};
};

/// A class prefix no other design of this process gets, so that designs verilated apart can
/// be compiled together.
std::string unique_prefix();

/// Verilates `design` into <work>/obj with `prefix`: nullopt when it did, else the build
/// failure (a design Verilator rejects).
util::Result<std::optional<RtlFailure>> verilate(const util::Sandbox& sandbox,
                                                 const VerilatorRecipe& recipe,
                                                 const UnityDesign& design,
                                                 const std::string& prefix,
                                                 const UnityOptions& options);

/// Compiles the verilated designs in `build_dir` (existing, empty, sandbox-writable) into one
/// executable that runs design <i> (its position in the list) when given the argument <i>.
/// When the shared compile fails, each design is compiled alone so that one broken design
/// does not take the others down.
util::Result<UnityBuild> compile_unity(const util::Sandbox& sandbox, const VerilatorRecipe& recipe,
                                       const std::vector<VerilatedDesign>& designs,
                                       const std::filesystem::path& build_dir,
                                       const UnityOptions& options);

/// The text of the unity translation unit for designs whose generated C++ is in `c<i>/`,
/// their classes named after prefixes[i] (exposed for tests).
std::string unity_source(const std::vector<std::string>& harnesses,
                         const std::vector<std::string>& prefixes,
                         const std::vector<std::vector<std::string>>& generated);

}  // namespace rtlduet::sim::detail
