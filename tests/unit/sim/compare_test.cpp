// unit/sim/compare_test.cpp: trace comparison, unknown bits, the not-yet-defined window,
// exercise statistics and vacuity, on hand-made traces.
#include <doctest/doctest.h>

#include "sim/crosscheck.h"
#include "unit/sim/fixtures.h"

namespace rtlduet::sim {
namespace {

using testing::in_port;
using testing::out_port;

hdl::Bits known(int width, std::uint64_t value) {
    return hdl::Bits::from_u64(width, value);
}

hdl::Bits unknown(int width) {
    hdl::Bits bits(width);
    for (int i = 0; i < width; ++i) {
        bits.set_unknown(i);
    }
    return bits;
}

// A sequential design with reset input `rst` and one 4-bit output `q`.
hdl::Interface counter_interface() {
    return {.ports = {in_port("clk"), in_port("rst"), in_port("en"), out_port("q", 4)},
            .clock = "clk",
            .reset = hdl::ResetSignal{.name = "rst"}};
}

// One-output trace from per-row values; `pre` empty means no pre-edge samples.
Trace trace_of(const std::vector<hdl::Bits>& pre, const std::vector<hdl::Bits>& post) {
    Trace trace{.is_sequential = true};
    for (const hdl::Bits& value : pre) {
        trace.pre.push_back({value});
    }
    for (const hdl::Bits& value : post) {
        trace.post.push_back({value});
    }
    return trace;
}

std::vector<hdl::Bits> counts(std::vector<std::uint64_t> values) {
    std::vector<hdl::Bits> bits;
    for (const auto value : values) {
        bits.push_back(known(4, value));
    }
    return bits;
}

const auto kCounterRows =
    std::vector<std::vector<std::uint64_t>>{{1, 0}, {0, 1}, {0, 1}, {0, 1}, {1, 1}, {0, 1}};

TEST_SUITE("sim.compare") {
    TEST_CASE("agrees when every compared sample matches and the run exercised the design") {
        const auto ifc = counter_interface();
        const auto vectors = testing::make_vectors(ifc, kCounterRows);
        const Trace rtl = trace_of(counts({7, 0, 1, 2, 3, 0}), counts({0, 1, 2, 3, 0, 1}));
        const Trace model = trace_of(counts({0, 0, 1, 2, 3, 0}), counts({0, 1, 2, 3, 0, 1}));
        const Comparison result = compare(ifc, vectors, rtl, model);
        CHECK(result.mismatching_values == 0);
        CHECK(result.compares_pre_edge);
        CHECK(result.compared_rows == 6);
        CHECK(result.match_rate == 1.0);
        CHECK(result.exercise.first_compared_row == 0);
        CHECK(result.exercise.reset_released);
        CHECK(result.exercise.reset_reasserted);
        CHECK(result.exercise.reset_rows == 2);
        CHECK(result.exercise.outputs[0].bits_toggled == 2);
        CHECK_FALSE(result.exercise.is_vacuous);
    }

    TEST_CASE("reports the first mismatch with its cycle, phase, inputs and both values") {
        const auto ifc = counter_interface();
        const auto vectors = testing::make_vectors(ifc, kCounterRows);
        const Trace rtl = trace_of(counts({0, 0, 1, 2, 3, 0}), counts({0, 1, 2, 5, 0, 1}));
        const Trace model = trace_of(counts({0, 0, 1, 2, 3, 0}), counts({0, 1, 2, 3, 0, 1}));
        CompareOptions options{.context_rows = 2};
        const Comparison result = compare(ifc, vectors, rtl, model, options);
        REQUIRE(result.mismatches.size() == 1);
        const Mismatch& first = result.mismatches[0];
        CHECK(first.row == 3);
        CHECK(first.phase == Phase::PostEdge);
        CHECK(first.signal == "q");
        CHECK(first.rtl == "0x5");
        CHECK(first.model == "0x3");
        CHECK(first.inputs == std::vector<NamedValue>{{"rst", "0x0"}, {"en", "0x1"}});
        CHECK(result.compared_rows == 6);
        CHECK(result.matching_rows == 5);
        CHECK(result.match_rate == doctest::Approx(5.0 / 6.0));
        REQUIRE(result.context.size() == 3);
        CHECK(result.context.front().row == 1);
        CHECK(result.context.back().rtl_post[0].value == "0x5");
    }

    TEST_CASE("compares pre-edge samples only when the model gives them") {
        const auto ifc = counter_interface();
        const auto vectors = testing::make_vectors(ifc, kCounterRows);
        const Trace rtl = trace_of(counts({0, 9, 1, 2, 3, 0}), counts({0, 1, 2, 3, 0, 1}));
        const Trace with_pre = trace_of(counts({0, 0, 1, 2, 3, 0}), counts({0, 1, 2, 3, 0, 1}));
        const Comparison pre = compare(ifc, vectors, rtl, with_pre);
        REQUIRE(pre.mismatches.size() == 1);
        CHECK(pre.mismatches[0].phase == Phase::PreEdge);
        CHECK(pre.mismatches[0].row == 1);
        const Trace post_only = trace_of({}, counts({0, 1, 2, 3, 0, 1}));
        const Comparison post = compare(ifc, vectors, rtl, post_only);
        CHECK_FALSE(post.compares_pre_edge);
        CHECK(post.mismatching_values == 0);
    }

    TEST_CASE("never counts an unknown RTL bit as agreement once the state is defined") {
        const auto ifc = counter_interface();
        const auto vectors = testing::make_vectors(ifc, kCounterRows);
        auto post = counts({0, 1, 2, 3, 0, 1});
        post[2] = unknown(4);
        const Trace rtl = trace_of(counts({0, 0, 1, 2, 3, 0}), post);
        const Trace model = trace_of(counts({0, 0, 1, 2, 3, 0}), counts({0, 1, 2, 3, 0, 1}));
        const Comparison result = compare(ifc, vectors, rtl, model);
        REQUIRE(result.mismatches.size() == 1);
        CHECK(result.mismatches[0].row == 2);
        CHECK(result.mismatches[0].rtl == "0xx");
        CHECK(result.exercise.x_bits == 4);
    }

    TEST_CASE("does not compare samples taken before the first reset edge defines the state") {
        const auto ifc = counter_interface();
        const auto vectors = testing::make_vectors(ifc, kCounterRows);
        auto pre = counts({0, 0, 1, 2, 3, 0});
        pre[0] = unknown(4);
        const Trace rtl = trace_of(pre, counts({0, 1, 2, 3, 0, 1}));
        const Trace model = trace_of(counts({0, 0, 1, 2, 3, 0}), counts({0, 1, 2, 3, 0, 1}));
        const Comparison result = compare(ifc, vectors, rtl, model);
        CHECK(result.mismatching_values == 0);
        CHECK(result.exercise.x_bits_before_defined == 4);
        CHECK(result.exercise.x_bits == 0);
    }

    TEST_CASE("without a reset starts comparing at the first sample with every output known") {
        const hdl::Interface ifc{.ports = {in_port("clk"), in_port("d", 4), out_port("q", 4)},
                                 .clock = "clk"};
        const auto vectors = testing::make_vectors(ifc, {{1}, {2}, {3}, {4}});
        const Trace rtl = trace_of({unknown(4), unknown(4), known(4, 2), known(4, 3)},
                                   {unknown(4), known(4, 2), known(4, 3), known(4, 4)});
        const Trace model = trace_of(counts({0, 1, 2, 3}), counts({1, 2, 3, 4}));
        const Comparison result = compare(ifc, vectors, rtl, model);
        CHECK(result.mismatching_values == 0);
        CHECK(result.exercise.first_compared_row == 1);
        CHECK(result.compared_rows == 3);
    }

    TEST_CASE("an output that stays unknown after the reset is a mismatch, not a skipped row") {
        const auto ifc = counter_interface();
        const auto vectors = testing::make_vectors(ifc, kCounterRows);
        const std::vector<hdl::Bits> all_x(6, unknown(4));
        const Comparison result =
            compare(ifc, vectors, trace_of(all_x, all_x), trace_of({}, counts({0, 1, 2, 3, 0, 1})));
        CHECK(result.mismatching_values == 6);
        CHECK(result.exercise.first_compared_row == 0);
    }

    TEST_CASE("calls a run vacuous when an output never toggles or the reset never ends") {
        const auto ifc = counter_interface();
        const auto stuck = testing::make_vectors(ifc, {{1, 1}, {1, 1}, {1, 0}});
        const Trace zeros = trace_of({}, counts({0, 0, 0}));
        const Comparison result = compare(ifc, stuck, zeros, zeros);
        CHECK(result.mismatching_values == 0);
        CHECK(result.exercise.is_vacuous);
        CHECK(result.exercise.vacuity ==
              std::vector<std::string>{"the reset was never released", "output q never toggled"});
    }

    TEST_CASE("does not blame the stimulus for a constant output of a design without inputs") {
        const hdl::Interface ifc{.ports = {out_port("zero", 1)}};
        const auto vectors = testing::make_vectors(ifc, {{}, {}});
        Trace trace{.post = {{known(1, 0)}, {known(1, 0)}}};
        const Comparison result = compare(ifc, vectors, trace, trace);
        CHECK_FALSE(result.exercise.is_vacuous);
        CHECK(result.match_rate == 1.0);
    }
}

}  // namespace
}  // namespace rtlduet::sim
