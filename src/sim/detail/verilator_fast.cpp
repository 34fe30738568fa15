// sim/detail/verilator_fast.cpp: the cached Verilator build: look every design up in the
// build cache, build the misses in one unity build (with the misses of other builds of the
// process that wait for a compile at the same time), store them, and put each design's
// executable at <work>/obj/sim.
#include "sim/detail/verilator_fast.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include <fmt/format.h>

#include "hdl/extract.h"
#include "sim/detail/build_cache.h"
#include "sim/detail/group_commit.h"
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

// One caller's designs that the cache did not have, verilated, waiting for their compile.
struct MissJob {
    const util::Sandbox* sandbox = nullptr;
    const VerilatorRecipe* recipe = nullptr;
    const SimulationOptions* options = nullptr;
    std::vector<VerilatedDesign> designs;
    std::vector<std::string> keys;     // per design: its build-cache key
    std::vector<BuiltHarness*> built;  // per design: where its outcome goes
    util::Status status = util::make_error(util::ErrorKind::Internal,
                                           "a shared Verilator build ended without an outcome");
};

// Designs of one recipe, sandbox, cache and cancel flag can share a compile. Half the CPUs
// compile at once: the other half stays free for simulations and models, and builds that
// queue meanwhile go together. A group stops at eight designs, so that it stays a quick build.
GroupCommit<MissJob>& build_groups() {
    static GroupCommit<MissJob> groups(std::thread::hardware_concurrency() / 2, 8);
    return groups;
}

std::string group_key(const MissJob& job) {
    return fmt::format("{} {} {} {}", job.recipe->key, static_cast<const void*>(job.sandbox),
                       static_cast<const void*>(job.options->cancel),
                       job.options->cache_dir.string());
}

// Compiles the designs of `jobs` together (in the first job's build directory), stores each
// executable and copies it into every design's <work>/obj/sim.
util::Status compile_group(const std::vector<MissJob*>& jobs) {
    const MissJob& first = *jobs.front();
    const SimulationOptions& options = *first.options;
    auto build_dir = util::TempDir::create("rtlduet-unity-", options.build_parent);
    if (!build_dir) {
        return build_dir.error();
    }
    if (!options.build_parent.empty()) {
        build_dir->keep();  // part of the caller's work: it goes, or stays, with that
    }
    std::vector<VerilatedDesign> designs;
    UnityOptions unity_options{.deadline = options.build_deadline, .cancel = options.cancel};
    for (const MissJob* job : jobs) {
        designs.insert(designs.end(), job->designs.begin(), job->designs.end());
        unity_options.deadline = std::max(unity_options.deadline, job->options->build_deadline);
    }
    auto result =
        compile_unity(*first.sandbox, *first.recipe, designs, build_dir->path(), unity_options);
    if (!result) {
        return result.error();
    }
    const BuildCache cache = cache_of(options);
    std::vector<fs::path> stored(result->binaries.size());
    std::size_t index = 0;
    for (MissJob* job : jobs) {
        job->status = {};
        for (std::size_t j = 0; j < job->designs.size(); ++j, ++index) {
            BuiltHarness& target = *job->built[j];
            target.time = result->time;
            target.compiled = true;
            if (result->failures[index]) {
                target.failure = std::move(result->failures[index]);
                continue;
            }
            const auto group = static_cast<std::size_t>(result->binary_of[index]);
            const CachedBuild fresh{.binary = result->binaries[group],
                                    .index = static_cast<int>(index)};
            auto entry = cache.store(job->keys[j], fresh.binary, fresh.index, stored[group]);
            if (entry && stored[group].empty()) {
                stored[group] = *entry;
            }
            if (auto copied =
                    BuildCache::materialize(fresh, job->designs[j].design.work_dir / "obj" / "sim");
                !copied) {
                job->status = copied;
            }
            target.index = fresh.index;
        }
    }
    return {};
}

// Verilates the designs `misses` (indexes into `designs`), then compiles them with whatever
// other builds of the process are waiting for a compile, and stores them.
util::Status build_misses(const util::Sandbox& sandbox, const VerilatorRecipe& recipe,
                          const std::string& harness, const std::vector<FastDesign>& designs,
                          const std::vector<std::size_t>& misses,
                          const std::vector<std::string>& keys, const hdl::Interface& ifc,
                          const SimulationOptions& options, std::vector<BuiltHarness>& built) {
    const auto started = std::chrono::steady_clock::now();
    MissJob job{.sandbox = &sandbox, .recipe = &recipe, .options = &options};
    const UnityOptions unity_options{.deadline = options.build_deadline, .cancel = options.cancel};
    for (const std::size_t i : misses) {
        VerilatedDesign verilated{.design = {.work_dir = designs[i].work_dir,
                                             .design_copy = designs[i].design_copy,
                                             .design_name = designs[i].design_name,
                                             .harness = harness,
                                             .top_module = ifc.module_name,
                                             .parameter_flags = hdl::parameter_flags(ifc)},
                                  .prefix = unique_prefix()};
        auto failure = verilate(sandbox, recipe, verilated.design, verilated.prefix, unity_options);
        if (!failure) {
            return failure.error();
        }
        if (*failure) {
            built[i].failure = std::move(*failure);
            built[i].time = since(started);
            built[i].compiled = true;
            continue;
        }
        job.designs.push_back(std::move(verilated));
        job.keys.push_back(keys[i]);
        job.built.push_back(&built[i]);
    }
    if (job.designs.empty()) {
        return {};
    }
    build_groups().submit(job, group_key(job), job.designs.size(), options.held_slot,
                          [](const std::vector<MissJob*>& jobs) {
                              if (auto compiled = compile_group(jobs); !compiled) {
                                  for (MissJob* each : jobs) {
                                      each->status = compiled;
                                  }
                              }
                          });
    return job.status;
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
