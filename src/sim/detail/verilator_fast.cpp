// sim/detail/verilator_fast.cpp: the cached Verilator build: look every design up in the
// build cache, build the misses in one unity build, store them, and put each design's
// executable at <work>/obj/sim.
#include "sim/detail/verilator_fast.h"

#include <chrono>

#include <fmt/format.h>

#include "hdl/extract.h"
#include "sim/detail/build_cache.h"
#include "sim/detail/verilator_recipe.h"
#include "sim/detail/verilator_unity.h"
#include "util/files.h"
#include "util/temp_dir.h"

namespace rtlduet::sim::detail {
namespace {

namespace fs = std::filesystem;

constexpr std::chrono::milliseconds kRuntimeDeadline{600'000};

std::chrono::milliseconds since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 start);
}

BuildCache cache_of(const SimulationOptions& options) {
    return BuildCache(options.cache_dir / "builds");
}

// Builds the designs `misses` (indexes into `designs`) together and stores them.
util::Status build_misses(const util::Sandbox& sandbox, const VerilatorRecipe& recipe,
                          const std::string& harness, const std::vector<FastDesign>& designs,
                          const std::vector<std::size_t>& misses,
                          const std::vector<std::string>& keys, const hdl::Interface& ifc,
                          const SimulationOptions& options, std::vector<BuiltHarness>& built) {
    auto build_dir = util::TempDir::create("rtlduet-unity-", options.build_parent);
    if (!build_dir) {
        return build_dir.error();
    }
    if (!options.build_parent.empty()) {
        build_dir->keep();  // part of the caller's work: it goes, or stays, with that
    }
    std::vector<UnityDesign> unity;
    for (const std::size_t i : misses) {
        unity.push_back({.work_dir = designs[i].work_dir,
                         .design_copy = designs[i].design_copy,
                         .design_name = designs[i].design_name,
                         .harness = harness});
    }
    const UnityOptions unity_options{.top_module = ifc.module_name,
                                     .parameter_flags = hdl::parameter_flags(ifc),
                                     .deadline = options.build_deadline,
                                     .cancel = options.cancel};
    auto result = build_unity(sandbox, recipe, unity, build_dir->path(), unity_options);
    if (!result) {
        return result.error();
    }
    const BuildCache cache = cache_of(options);
    std::vector<fs::path> stored(result->binaries.size());
    for (std::size_t j = 0; j < misses.size(); ++j) {
        BuiltHarness& target = built[misses[j]];
        target.time = result->time;
        target.compiled = true;
        if (result->failures[j]) {
            target.failure = std::move(result->failures[j]);
            continue;
        }
        const auto group = static_cast<std::size_t>(result->binary_of[j]);
        const CachedBuild fresh{.binary = result->binaries[group], .index = static_cast<int>(j)};
        auto entry = cache.store(keys[misses[j]], fresh.binary, fresh.index, stored[group]);
        if (entry && stored[group].empty()) {
            stored[group] = *entry;
        }
        if (auto copied =
                BuildCache::materialize(fresh, designs[misses[j]].work_dir / "obj" / "sim");
            !copied) {
            return copied;
        }
        target.index = fresh.index;
    }
    return {};
}

// A design's build runs once or a few times. Up to 20 000 rows the run takes milliseconds and
// g++ at -O0 compiles a fifth faster (a cold Prob140 build 250 ms against 305-320 at -O1);
// at 100 000 rows -O1 runs twice as fast (Prob105: 157 ms against 350).
bool is_worth_optimising(std::size_t rows) {
    constexpr std::size_t kOptimisedFromRows = 20'000;
    return rows > kOptimisedFromRows;
}

util::Result<std::string> design_key(const VerilatorRecipe& recipe, const hdl::Interface& ifc,
                                     const fs::path& rtl, const std::string& harness) {
    auto text = util::read_file(rtl, util::ErrorKind::Input);
    if (!text) {
        return text.error();
    }
    // The top's name and its parameter overrides decide the build as much as the text does.
    const auto flags = hdl::parameter_flags(ifc);
    const std::string top = flags.empty()
                                ? ifc.module_name
                                : fmt::format("{} {}", ifc.module_name, fmt::join(flags, " "));
    return BuildCache::key(recipe.key, top, *text, harness);
}

}  // namespace

util::Result<std::vector<BuiltHarness>> build_verilator_batch(
    const util::Sandbox& sandbox, const hdl::Interface& ifc, const RowLayout& layout,
    std::size_t rows, const std::vector<FastDesign>& designs, const SimulationOptions& options) {
    const auto started = std::chrono::steady_clock::now();
    auto harness = render_verilator_harness(ifc, layout, rows, options.templates_dir);
    if (!harness) {
        return harness.error();
    }
    auto recipe = prepare_recipe(
        sandbox, RecipeRequest{.cache_root = options.cache_dir,
                               .is_optimised = is_worth_optimising(rows),
                               .deadline = std::max(kRuntimeDeadline, options.build_deadline),
                               .cancel = options.cancel});
    if (!recipe) {
        return recipe.error();
    }
    const BuildCache cache = cache_of(options);
    std::vector<BuiltHarness> built(designs.size());
    std::vector<std::string> keys(designs.size());
    std::vector<std::size_t> misses;
    for (std::size_t i = 0; i < designs.size(); ++i) {
        auto key = design_key(*recipe, ifc, designs[i].work_dir / designs[i].design_copy, *harness);
        if (!key) {
            return key.error();
        }
        keys[i] = std::move(*key);
        const auto hit = cache.find(keys[i]);
        if (!hit) {
            misses.push_back(i);
            continue;
        }
        if (auto copied = BuildCache::materialize(*hit, designs[i].work_dir / "obj" / "sim");
            !copied) {
            return copied.error();
        }
        built[i].index = hit->index;
        built[i].time = since(started);
    }
    if (!misses.empty()) {
        if (auto done = build_misses(sandbox, *recipe, *harness, designs, misses, keys, ifc,
                                     options, built);
            !done) {
            return done.error();
        }
    }
    return built;
}

util::Result<BuiltHarness> build_verilator_cached(const util::Sandbox& sandbox,
                                                  const hdl::Interface& ifc,
                                                  const RowLayout& layout, std::size_t rows,
                                                  const std::string& design_copy,
                                                  const SimulationOptions& options) {
    const std::vector<FastDesign> designs = {{.work_dir = options.work_dir,
                                              .design_copy = design_copy,
                                              .design_name = options.rtl.filename().string()}};
    auto built = build_verilator_batch(sandbox, ifc, layout, rows, designs, options);
    if (!built) {
        return built.error();
    }
    return std::move(built->front());
}

bool verilator_builds_cached(const util::Sandbox& sandbox, const hdl::Interface& ifc,
                             const RowLayout& layout, std::size_t rows,
                             const std::vector<fs::path>& rtl_files,
                             const SimulationOptions& options) {
    const std::string key = recipe_key(sandbox, is_worth_optimising(rows));
    if (options.cache_dir.empty() || key.empty()) {
        return false;
    }
    auto harness = render_verilator_harness(ifc, layout, rows, options.templates_dir);
    if (!harness) {
        return false;
    }
    const VerilatorRecipe recipe{.key = key};
    const BuildCache cache = cache_of(options);
    for (const fs::path& rtl : rtl_files) {
        auto design = design_key(recipe, ifc, rtl, *harness);
        if (!design || !cache.find(*design)) {
            return false;
        }
    }
    return true;
}

}  // namespace rtlduet::sim::detail
