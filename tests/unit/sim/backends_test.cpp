// unit/sim/backends_test.cpp: the cycle contract on both simulators (pre- and post-edge
// samples, an asynchronous reset in row 0, X under Icarus) and a differential test: Verilator
// and Icarus give identical traces on 2-state designs over hundreds of random rows.
#include <doctest/doctest.h>

#include "hdl/extract.h"
#include "sim/simulator.h"
#include "stimulus/generate.h"
#include "unit/sim/fixtures.h"
#include "util/temp_dir.h"

namespace rtlduet::sim {
namespace {

hdl::Interface interface_of(const std::string& design) {
    auto ifc = hdl::extract_interface(testing::test_sandbox(), testing::handwritten(design));
    REQUIRE_MESSAGE(ifc, (ifc ? "" : ifc.error().what()));
    return *ifc;
}

Simulation simulate_with(Backend backend, const std::string& design, const hdl::Interface& ifc,
                         const stimulus::VectorSet& vectors) {
    auto work = util::TempDir::create("rtlduet-sim-test-");
    REQUIRE(work);
    auto simulation = simulate(testing::test_sandbox(), ifc, vectors,
                               {.backend = backend,
                                .rtl = testing::handwritten(design),
                                .templates_dir = testing::templates_dir(),
                                .work_dir = work->path()});
    REQUIRE_MESSAGE(simulation, (simulation ? "" : simulation.error().what()));
    REQUIRE_MESSAGE(!simulation->failure, (simulation->failure ? simulation->failure->message +
                                                                     "\n" + simulation->failure->log
                                                               : ""));
    return *simulation;
}

std::string hex_of(const hdl::Bits& value) {
    return value.to_hex();
}

// Samples where Icarus shows unknown bits must be before the first reset edge (the pre-edge
// sample of row 0); everywhere else both simulators must print the same values.
void check_same_traces(const std::string& design) {
    CAPTURE(design);
    const hdl::Interface ifc = interface_of(design);
    auto vectors = stimulus::generate_vectors(ifc, {.count = 300, .seed = 11});
    REQUIRE(vectors);
    const Trace icarus = simulate_with(Backend::Icarus, design, ifc, *vectors).trace;
    const Trace verilator = simulate_with(Backend::Verilator, design, ifc, *vectors).trace;
    REQUIRE(icarus.post.size() == 300);
    REQUIRE(verilator.post.size() == 300);
    REQUIRE(icarus.pre.size() == verilator.pre.size());
    for (std::size_t row = 0; row < 300; ++row) {
        CAPTURE(row);
        for (std::size_t i = 0; i < icarus.post[row].size(); ++i) {
            CHECK(hex_of(icarus.post[row][i]) == hex_of(verilator.post[row][i]));
            if (row < icarus.pre.size() && !(row == 0 && icarus.pre[0][i].has_unknown())) {
                CHECK(hex_of(icarus.pre[row][i]) == hex_of(verilator.pre[row][i]));
            }
        }
    }
}

TEST_SUITE("sim.backends") {
    TEST_CASE("samples a sequential design before and after each rising edge under Icarus") {
        const hdl::Interface ifc = interface_of("counter_agree/rtl.sv");
        const auto vectors = testing::make_vectors(ifc, {{1, 0}, {0, 1}, {0, 1}, {1, 1}, {0, 0}});
        const Trace trace =
            simulate_with(Backend::Icarus, "counter_agree/rtl.sv", ifc, vectors).trace;
        REQUIRE(trace.pre.size() == 5);
        CHECK(hex_of(trace.pre[0][0]) == "x");
        const std::vector<std::string> pre = {"x", "0", "1", "2", "0"};
        const std::vector<std::string> post = {"0", "1", "2", "0", "0"};
        for (std::size_t row = 0; row < 5; ++row) {
            CHECK(hex_of(trace.pre[row][0]) == pre[row]);
            CHECK(hex_of(trace.post[row][0]) == post[row]);
        }
    }

    TEST_CASE("shows an asynchronous reset asserted in row 0 before the first edge, on both") {
        const hdl::Interface ifc = interface_of("async_reset/rtl.sv");
        const auto vectors = testing::make_vectors(ifc, {{1, 0x11}, {0, 0x22}, {1, 0x33}});
        for (const Backend backend : {Backend::Icarus, Backend::Verilator}) {
            CAPTURE(to_string(backend));
            const Trace trace = simulate_with(backend, "async_reset/rtl.sv", ifc, vectors).trace;
            CHECK(hex_of(trace.pre[0][0]) == "5a");
            CHECK(hex_of(trace.post[1][0]) == "22");
            CHECK(hex_of(trace.pre[2][0]) == "5a");
        }
    }

    TEST_CASE("Verilator and Icarus give identical traces on 2-state designs") {
        for (const char* design : {"wide_100/rtl.sv", "signed_arith/rtl.sv",
                                   "active_low_reset/rtl.sv", "counter_agree/rtl.sv"}) {
            check_same_traces(design);
        }
    }
}

}  // namespace
}  // namespace rtlduet::sim
