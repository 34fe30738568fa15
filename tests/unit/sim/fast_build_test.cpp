// unit/sim/fast_build_test.cpp: the cached Verilator path: a batch with one broken design still
// runs the others, an identical design is not compiled again (nor by Icarus), the traces equal
// Icarus's, designs of different interfaces share a compile, and
// `auto` gives the same verdicts as either backend. The runtime cache lives in the build tree,
// so it is built once and reused by later test runs.
#include <algorithm>
#include <set>

#include <doctest/doctest.h>

#include "fixtures.h"
#include "hdl/extract.h"
#include "sim/batch.h"
#include "sim/coverage.h"
#include "sim/crosscheck.h"
#include "sim/detail/build_cache.h"
#include "sim/detail/harness.h"
#include "sim/detail/verilator_unity.h"
#include "stimulus/generate.h"
#include "util/files.h"
#include "util/temp_dir.h"

namespace rtlduet::sim {
namespace {

const std::filesystem::path kCache = RTLDUET_TEST_CACHE_DIR;
constexpr std::chrono::milliseconds kRuntimeDeadline{600'000};

hdl::Interface interface_of(const std::string& design) {
    auto ifc = hdl::extract_interface(testing::test_sandbox(), testing::handwritten(design));
    REQUIRE_MESSAGE(ifc, (ifc ? "" : ifc.error().what()));
    return *ifc;
}

SimulationOptions cached_options(Backend backend = Backend::Verilator) {
    return {.backend = backend, .templates_dir = testing::templates_dir(), .cache_dir = kCache};
}

TEST_SUITE("sim.fast_build") {
    TEST_CASE("a batch with one broken design builds and runs the others") {
        const hdl::Interface ifc = interface_of("counter_agree/rtl.sv");
        auto vectors = stimulus::generate_vectors(ifc, {.count = 200, .seed = 5});
        REQUIRE(vectors);
        auto dir = util::TempDir::create("rtlduet-batch-test-");
        REQUIRE(dir);
        const auto good = testing::handwritten("counter_agree/rtl.sv");
        const auto broken = dir->path() / "broken.sv";
        REQUIRE(util::write_file(broken,
                                 "module TopModule(input clk, output q);\n"
                                 "  assign q = ;\nendmodule\n"));
        std::vector<BatchDesign> designs;
        for (const auto& rtl : {good, broken, good}) {
            const auto work = dir->path() / std::to_string(designs.size());
            REQUIRE(util::make_directories(work));
            designs.push_back({.rtl = rtl, .work_dir = work});
        }
        auto simulations =
            simulate_batch(testing::test_sandbox(), ifc, *vectors, designs, cached_options());
        REQUIRE_MESSAGE(simulations, (simulations ? "" : simulations.error().what()));
        REQUIRE(simulations->size() == 3);
        CHECK_FALSE((*simulations)[0].failure);
        REQUIRE((*simulations)[1].failure);
        CHECK((*simulations)[1].failure->stage == "build");
        CHECK((*simulations)[1].compiled);  // a failed build is never cached: compiled each time
        CHECK_FALSE((*simulations)[2].failure);
        CHECK((*simulations)[0].trace == (*simulations)[2].trace);
        CHECK((*simulations)[0].trace.post.size() == 200);
    }

    TEST_CASE("an identical design is taken from the build cache and traces equal Icarus's") {
        const hdl::Interface ifc = interface_of("wide_100/rtl.sv");
        auto vectors = stimulus::generate_vectors(ifc, {.count = 300, .seed = 9});
        REQUIRE(vectors);
        std::vector<Simulation> runs;
        for (const Backend backend : {Backend::Verilator, Backend::Verilator, Backend::Icarus}) {
            auto work = util::TempDir::create("rtlduet-fast-test-");
            REQUIRE(work);
            SimulationOptions options = cached_options(backend);
            options.rtl = testing::handwritten("wide_100/rtl.sv");
            options.work_dir = work->path();
            auto simulation = simulate(testing::test_sandbox(), ifc, *vectors, options);
            REQUIRE_MESSAGE(simulation, (simulation ? "" : simulation.error().what()));
            REQUIRE_FALSE(simulation->failure);
            runs.push_back(std::move(*simulation));
        }
        CHECK(runs[1].build_time.count() < 200);  // a copy out of the cache, no compiler
        CHECK_FALSE(runs[1].compiled);
        CHECK(runs[0].trace == runs[1].trace);
        // Icarus is 4-state: compare wherever it shows known bits (after the first load).
        std::size_t compared = 0;
        for (std::size_t row = 0; row < runs[2].trace.post.size(); ++row) {
            for (std::size_t i = 0; i < runs[2].trace.post[row].size(); ++i) {
                const hdl::Bits& icarus = runs[2].trace.post[row][i];
                if (!icarus.has_unknown()) {
                    CHECK(icarus.to_hex() == runs[1].trace.post[row][i].to_hex());
                    ++compared;
                }
            }
        }
        CHECK(compared > 250);
    }

    TEST_CASE("designs of different interfaces share one compile and each runs as itself") {
        const util::Sandbox& sandbox = testing::test_sandbox();
        auto recipe = detail::prepare_recipe(
            sandbox, {.cache_root = kCache, .is_optimised = false, .deadline = kRuntimeDeadline});
        REQUIRE_MESSAGE(recipe, (recipe ? "" : recipe.error().what()));
        auto dir = util::TempDir::create("rtlduet-shared-compile-test-");
        REQUIRE(dir);
        struct Case {
            std::string design;
            hdl::Interface ifc;
            stimulus::VectorSet vectors;
            std::filesystem::path work;
            std::string copy;
        };
        std::vector<Case> cases;
        std::vector<detail::VerilatedDesign> verilated;
        for (const std::string design : {"counter_agree/rtl.sv", "wide_100/rtl.sv"}) {
            Case c{.design = design, .ifc = interface_of(design)};
            auto vectors =
                stimulus::generate_vectors(c.ifc, {.count = 150 + 50 * cases.size(), .seed = 3});
            REQUIRE(vectors);
            c.vectors = std::move(*vectors);
            c.work = dir->path() / std::to_string(cases.size());
            REQUIRE(util::make_directories(c.work));
            const auto layout = detail::layout_rows(c.vectors.inputs);
            auto copy =
                detail::prepare_work_dir(c.work, testing::handwritten(design), layout, c.vectors);
            REQUIRE(copy);
            c.copy = *copy;
            auto harness = detail::render_verilator_harness(c.ifc, layout, c.vectors.rows.size(),
                                                            testing::templates_dir());
            REQUIRE(harness);
            detail::VerilatedDesign each{.design = {.work_dir = c.work,
                                                    .design_copy = c.copy,
                                                    .design_name = design,
                                                    .harness = *harness,
                                                    .top_module = c.ifc.module_name},
                                         .prefix = detail::unique_prefix()};
            auto failure = detail::verilate(sandbox, *recipe, each.design, each.prefix, {});
            REQUIRE(failure);
            REQUIRE_FALSE(*failure);
            verilated.push_back(std::move(each));
            cases.push_back(std::move(c));
        }
        CHECK(verilated[0].prefix != verilated[1].prefix);
        const auto build_dir = dir->path() / "unity";
        REQUIRE(util::make_directories(build_dir));
        auto build = detail::compile_unity(sandbox, *recipe, verilated, build_dir, {});
        REQUIRE_MESSAGE(build, (build ? "" : build.error().what()));
        REQUIRE(build->binaries.size() == 1);
        CHECK(build->binary_of == std::vector<int>{0, 0});
        for (std::size_t i = 0; i < cases.size(); ++i) {
            const Case& c = cases[i];
            REQUIRE(BuildCache::materialize(
                {.binary = build->binaries[0], .index = static_cast<int>(i)},
                c.work / "obj" / "sim"));
            SimulationOptions options = cached_options();
            options.rtl = testing::handwritten(c.design);
            options.work_dir = c.work;
            auto shared = detail::run_verilator(sandbox, c.ifc, c.vectors.rows.size(), c.copy,
                                                options, static_cast<int>(i));
            REQUIRE(shared);
            REQUIRE_FALSE(shared->failure);
            auto alone_dir = util::TempDir::create("rtlduet-alone-test-");
            REQUIRE(alone_dir);
            options.work_dir = alone_dir->path();
            auto alone = simulate(sandbox, c.ifc, c.vectors, options);
            REQUIRE(alone);
            REQUIRE_FALSE(alone->failure);
            CHECK(shared->trace.post.size() == c.vectors.rows.size());
            CHECK(shared->trace == alone->trace);
        }
    }

    TEST_CASE("the harness appends the coverage of every window of rows to one file") {
        const hdl::Interface ifc = interface_of("counter_agree/rtl.sv");
        auto vectors = stimulus::generate_vectors(ifc, {.count = 200, .seed = 3});
        REQUIRE(vectors);
        auto work = util::TempDir::create("rtlduet-coverage-test-");
        REQUIRE(work);
        SimulationOptions options = cached_options();
        options.rtl = testing::handwritten("counter_agree/rtl.sv");
        options.work_dir = work->path();
        auto simulation = simulate(testing::test_sandbox(), ifc, *vectors, options);
        REQUIRE_MESSAGE(simulation, (simulation ? "" : simulation.error().what()));
        REQUIRE_FALSE(simulation->failure);
        std::set<std::string> files;
        for (const auto& entry : std::filesystem::directory_iterator(work->path())) {
            if (entry.path().filename().string().starts_with("coverage")) {
                files.insert(entry.path().filename().string());
            }
        }
        CHECK(files == std::set<std::string>{"coverage-window.dat", "coverage.dat"});
        auto counts = read_coverage(work->path(), 200);
        REQUIRE_MESSAGE(counts, (counts ? "" : counts.error().what()));
        CHECK(counts->windows.size() == 16);
        CHECK(counts->window_rows == 13);
        REQUIRE_FALSE(counts->empty());
        // The counter's low bit toggles in every window; a window's counts are its own.
        const auto first = counts->first_window();
        CHECK(std::count(first.begin(), first.end(), 0) > 0);
        std::uint64_t total = 0;
        for (const auto& window : counts->windows) {
            total += window.empty() ? 0 : *std::max_element(window.begin(), window.end());
        }
        CHECK(total > 0);
    }

    TEST_CASE(
        "an Icarus compile of the same texts comes from the cache, another row count does not") {
        const hdl::Interface ifc = interface_of("counter_agree/rtl.sv");
        auto cache = util::TempDir::create("rtlduet-icarus-cache-");
        REQUIRE(cache);
        std::vector<Simulation> runs;
        for (const std::size_t rows : {200, 200, 150}) {
            auto vectors = stimulus::generate_vectors(ifc, {.count = rows, .seed = 4});
            REQUIRE(vectors);
            auto work = util::TempDir::create("rtlduet-icarus-test-");
            REQUIRE(work);
            SimulationOptions options = cached_options(Backend::Icarus);
            options.cache_dir = cache->path();
            options.rtl = testing::handwritten("counter_agree/rtl.sv");
            options.work_dir = work->path();
            auto simulation = simulate(testing::test_sandbox(), ifc, *vectors, options);
            REQUIRE_MESSAGE(simulation, (simulation ? "" : simulation.error().what()));
            REQUIRE_FALSE(simulation->failure);
            runs.push_back(std::move(*simulation));
        }
        CHECK(runs[0].compiled);
        CHECK_FALSE(runs[1].compiled);
        CHECK(runs[2].compiled);  // the testbench holds the row count
        CHECK(runs[0].trace == runs[1].trace);
        CHECK(runs[2].trace.post.size() == 150);
    }

    TEST_CASE("a long run is built at -O1 and a short one at -O0, each with its own runtime") {
        const hdl::Interface ifc = interface_of("counter_agree/rtl.sv");
        std::set<std::string> levels;
        for (const std::size_t rows : {200u, 20'001u}) {
            CAPTURE(rows);
            auto vectors = stimulus::generate_vectors(ifc, {.count = rows, .seed = 5});
            REQUIRE(vectors);
            auto dir = util::TempDir::create("rtlduet-optimise-test-");
            REQUIRE(dir);
            SimulationOptions options = cached_options();
            options.rtl = testing::handwritten("counter_agree/rtl.sv");
            options.work_dir = dir->path();
            auto simulation = simulate(testing::test_sandbox(), ifc, *vectors, options);
            REQUIRE_MESSAGE(simulation, (simulation ? "" : simulation.error().what()));
            CHECK_FALSE(simulation->failure);
            CHECK(simulation->trace.post.size() == rows);
        }
        for (const auto& kit : std::filesystem::directory_iterator(kCache / "verilator")) {
            auto manifest = util::read_file(kit.path() / "manifest.txt");
            if (!manifest) {
                continue;
            }
            for (const char* level : {"-O0", "-O1"}) {
                if (manifest->find(std::string("\ndesigns ") + level + "\n") != std::string::npos) {
                    levels.insert(level);
                }
            }
        }
        CHECK(levels == std::set<std::string>{"-O0", "-O1"});
    }

    TEST_CASE("auto gives the verdicts of both backends") {
        for (const std::string problem : {"counter_agree", "off_by_one_model"}) {
            CAPTURE(problem);
            const hdl::Interface ifc = interface_of(problem + "/rtl.sv");
            auto vectors = stimulus::generate_vectors(ifc, {.count = 300, .seed = 3});
            REQUIRE(vectors);
            std::vector<Verdict> verdicts;
            for (const Backend backend : {Backend::Auto, Backend::Icarus, Backend::Verilator}) {
                CrosscheckRequest request{.interface = ifc,
                                          .rtl = testing::handwritten(problem + "/rtl.sv"),
                                          .model = testing::handwritten(problem + "/model.py"),
                                          .vectors = *vectors,
                                          .options = {.backend = backend,
                                                      .templates_dir = testing::templates_dir(),
                                                      .cache_dir = kCache}};
                auto result = crosscheck(testing::test_sandbox(), request);
                REQUIRE_MESSAGE(result, (result ? "" : result.error().what()));
                CHECK(result->backend != Backend::Auto);
                verdicts.push_back(result->verdict);
            }
            CHECK(verdicts[0] == verdicts[1]);
            CHECK(verdicts[1] == verdicts[2]);
        }
    }
}

}  // namespace
}  // namespace rtlduet::sim
