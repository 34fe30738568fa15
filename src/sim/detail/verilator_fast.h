// sim/detail/verilator_fast.h: Verilator builds through the cache: executables of designs
// built before are copied from the build cache, the others are built together in one unity
// build against the cached runtime and stored for next time.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/detail/harness.h"
#include "sim/simulator.h"
#include "util/error.h"
#include "util/sandbox.h"

namespace rtlduet::sim::detail {

struct FastDesign {
    std::filesystem::path work_dir;  // prepared (prepare_work_dir); obj/sim is written here
    std::string design_copy;         // the design's path inside the work directory
    std::string design_name;         // the user's file name, for messages
};

/// Builds designs that share `ifc` and the row count; one result per design, in order. Only
/// `options.cache_dir`, `build_parent`, `build_deadline`, `cancel` and `held_slot` are used.
util::Result<std::vector<BuiltHarness>> build_verilator_batch(
    const util::Sandbox& sandbox, const hdl::Interface& ifc, const RowLayout& layout,
    std::size_t rows, const std::vector<FastDesign>& designs, const SimulationOptions& options);

/// One design in `options.work_dir`.
util::Result<BuiltHarness> build_verilator_cached(const util::Sandbox& sandbox,
                                                  const hdl::Interface& ifc,
                                                  const RowLayout& layout, std::size_t rows,
                                                  const std::string& design_copy,
                                                  const SimulationOptions& options);

/// True when every design's executable is already in the build cache (no compile needed);
/// false when the cache is off, a tool is missing or the runtime is not built yet.
bool verilator_builds_cached(const util::Sandbox& sandbox, const hdl::Interface& ifc,
                             const RowLayout& layout, std::size_t rows,
                             const std::vector<std::filesystem::path>& rtl_files,
                             const SimulationOptions& options);

}  // namespace rtlduet::sim::detail
