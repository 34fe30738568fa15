// unit/sim/build_cache_test.cpp: the executable cache (keys, store, find, copy out), the unity
// source that puts several designs in one translation unit, and the backend cost choice.
#include "sim/detail/build_cache.h"

#include <doctest/doctest.h>

#include "sim/batch.h"
#include "sim/detail/verilator_unity.h"
#include "util/files.h"
#include "util/temp_dir.h"

namespace rtlduet::sim {
namespace {

TEST_SUITE("sim.build_cache") {
    TEST_CASE("a key changes with the design, the harness and the recipe") {
        const std::string base = BuildCache::key("r1", "TopModule", "rtl", "harness");
        CHECK(base == BuildCache::key("r1", "TopModule", "rtl", "harness"));
        CHECK(base != BuildCache::key("r2", "TopModule", "rtl", "harness"));
        CHECK(base != BuildCache::key("r1", "TopModule", "rtl ", "harness"));
        CHECK(base != BuildCache::key("r1", "TopModule", "rtl", "harness2"));
    }

    TEST_CASE("a stored executable is found again and copied out with its design index") {
        auto dir = util::TempDir::create("rtlduet-cache-test-");
        REQUIRE(dir);
        const BuildCache cache(dir->path() / "builds");
        REQUIRE(util::write_file(dir->path() / "sim", "binary"));
        const std::string key = BuildCache::key("r", "TopModule", "a", "h");
        CHECK_FALSE(cache.find(key));
        auto first = cache.store(key, dir->path() / "sim", 2);
        REQUIRE(first);
        const std::string other = BuildCache::key("r", "TopModule", "b", "h");
        REQUIRE(cache.store(other, dir->path() / "sim", 0, *first));
        const auto hit = cache.find(key);
        REQUIRE(hit);
        CHECK(hit->index == 2);
        CHECK(cache.find(other)->index == 0);
        REQUIRE(BuildCache::materialize(*hit, dir->path() / "work" / "obj" / "sim"));
        CHECK(*util::read_file(dir->path() / "work" / "obj" / "sim") == "binary");
    }

    TEST_CASE("a disabled cache finds and stores nothing") {
        const BuildCache cache{std::filesystem::path()};
        CHECK_FALSE(cache.is_enabled());
        CHECK_FALSE(cache.find("00ab"));
    }

    TEST_CASE("the unity source gives each design its namespace and a dispatching main") {
        const std::string text = detail::unity_source(
            {"#include <vector>\nint main(int, char**) { return 0; }\n", "",
             "#include <cstdio>\nint main(int, char**) { return 1; }\n"},
            {"Vc7", "", "Vc12"}, {{"Vc7.cpp", "Vc7__Syms.cpp"}, {}, {"Vc12.cpp"}});
        CHECK(text.find("#include <vector>") < text.find("namespace rtlduet_c0"));
        CHECK(text.find("#include <cstdio>") < text.find("namespace rtlduet_c0"));
        CHECK(text.find("#include \"c0/Vc7__Syms.cpp\"") != std::string::npos);
        CHECK(text.find("#define Vtop Vc12") != std::string::npos);
        CHECK(text.find("case 2: return rtlduet_c2::main(argc, argv);") != std::string::npos);
        CHECK(text.find("rtlduet_c1") == std::string::npos);
    }
}

TEST_SUITE("sim.backend_choice") {
    TEST_CASE("Icarus for a short uncached run, Verilator for a cached or a long one") {
        CHECK(choose_backend({.rows = 1000, .is_sequential = true}) == Backend::Icarus);
        CHECK(choose_backend({.rows = 1000, .is_sequential = true, .verilator_cached = true}) ==
              Backend::Verilator);
        CHECK(choose_backend({.rows = 500'000, .is_sequential = true}) == Backend::Verilator);
        CHECK(choose_backend({.rows = 500'000, .is_sequential = true, .has_cache = false}) ==
              Backend::Icarus);
    }

    TEST_CASE("a batch lowers Verilator's cost per design") {
        const CostInputs one{.rows = 100'000, .is_sequential = true};
        const CostInputs three{.rows = 100'000, .designs = 3, .is_sequential = true};
        CHECK(estimated_cost_ms(Backend::Verilator, three) / 3 <
              estimated_cost_ms(Backend::Verilator, one));
        CHECK(estimated_cost_ms(Backend::Icarus, three) / 3 ==
              doctest::Approx(estimated_cost_ms(Backend::Icarus, one)));
    }
}

}  // namespace
}  // namespace rtlduet::sim
