// sim/detail/verilator_unity.h: builds one or more designs into one executable: each design is
// verilated with its own --prefix, then every generated model and a copy of the harness per
// design (in its own namespace) are compiled as one translation unit against the cached
// runtime. An executable runs design <i> (its position in the list) when given the argument <i>.
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
};

struct UnityOptions {
    std::string top_module = "TopModule";
    std::vector<std::string> parameter_flags;  // -GNAME=VALUE for the --param overrides
    std::chrono::milliseconds deadline{120'000};
    const std::atomic<bool>* cancel = nullptr;
};

struct UnityBuild {
    /// Per design: nullopt when it is in the executable, else why it is not.
    std::vector<std::optional<RtlFailure>> failures;
    /// Executables, one per group of designs that compiled together (usually one).
    std::vector<std::filesystem::path> binaries;
    std::vector<int> binary_of;  // per design: which executable holds it (-1: none)
    std::chrono::milliseconds time{0};
};

/// Builds the designs in `build_dir` (existing, empty, sandbox-writable). When the shared
/// compile fails, each design is compiled alone so that one broken design does not take the
/// others down.
util::Result<UnityBuild> build_unity(const util::Sandbox& sandbox, const VerilatorRecipe& recipe,
                                     const std::vector<UnityDesign>& designs,
                                     const std::filesystem::path& build_dir,
                                     const UnityOptions& options);

/// The text of the unity translation unit for designs verilated into `c<i>/` directories with
/// prefix `Vc<i>` (exposed for tests).
std::string unity_source(const std::vector<std::string>& harnesses,
                         const std::vector<std::vector<std::string>>& generated);

}  // namespace rtlduet::sim::detail
