// sim/detail/verilator_recipe.h: the fast Verilator build recipe: Verilator's runtime library
// and a precompiled header built once per toolchain into the cache, then each turn's designs
// compiled as one unity translation unit and linked against it.
#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "util/error.h"
#include "util/sandbox.h"

namespace rtlduet::sim::detail {

/// Bumped when the recipe's files or flags change, so old cache entries are not reused.
inline constexpr int kRecipeVersion = 2;

struct VerilatorRecipe {
    /// Hex digest of the recipe version, the flags and the identity (path, size, mtime) of
    /// verilator_bin and the C++ compiler: a new package version makes a new key.
    std::string key;
    std::filesystem::path dir;  // libverilated.a, rtlduet_pch.h(.gch), manifest.txt
    std::filesystem::path verilator;
    std::filesystem::path cxx;
    std::filesystem::path include_dir;  // Verilator's include directory
    bool use_gold = false;              // link with -fuse-ld=gold
    bool is_optimised = true;           // designs at -O1, else -O0 (a recipe of its own)

    /// Flags for a unity translation unit (the precompiled header needs exactly these).
    std::vector<std::string> compile_flags() const;
    /// Flags after the sources: the runtime library, threads, the linker.
    std::vector<std::string> link_flags() const;
};

struct RecipeRequest {
    std::filesystem::path cache_root;  // $XDG_CACHE_HOME/rtlduet, decided by the caller
    /// -O1 for designs that run long; -O0 compiles a fifth faster where the run is short.
    /// The precompiled header must match, so each is a recipe (and a key) of its own.
    bool is_optimised = true;
    std::chrono::milliseconds deadline{300'000};
    const std::atomic<bool>* cancel = nullptr;
};

/// The recipe for the installed tools: read from the cache, or built there (in a temporary
/// directory renamed into place, so concurrent processes never see a partial runtime; two
/// that miss at once both build and the first rename wins). When the sandbox user cannot
/// reach the cache (rtlduet runs as root with the cache under /root), the runtime is staged
/// in a directory of the system temp directory that it can read.
util::Result<VerilatorRecipe> prepare_recipe(const util::Sandbox& sandbox,
                                             const RecipeRequest& request);

/// The key alone, without building anything (no process is started); empty when a tool is
/// missing.
std::string recipe_key(const util::Sandbox& sandbox, bool is_optimised);

}  // namespace rtlduet::sim::detail
