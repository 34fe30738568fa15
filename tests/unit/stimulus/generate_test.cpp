// unit/stimulus/generate_test.cpp: seeded vector generation: reproducibility, the reset
// schedule (asserted first, released, re-asserted, never held), corner values, wide inputs.
#include "stimulus/generate.h"

#include <doctest/doctest.h>

namespace {

using namespace rtlduet;
using hdl::Bits;
using hdl::PortDirection;

hdl::Interface counter_interface(bool is_active_low) {
    hdl::Interface ifc;
    ifc.ports = {{.name = "clk"},
                 {.name = is_active_low ? "rst_n" : "reset"},
                 {.name = "d", .width = 8, .msb = 7},
                 {.name = "wide", .width = 100, .msb = 99},
                 {.name = "q", .direction = PortDirection::Output, .width = 8, .msb = 7}};
    ifc.clock = "clk";
    ifc.reset = hdl::ResetSignal{.name = ifc.ports[1].name, .is_active_low = is_active_low};
    return ifc;
}

stimulus::VectorSet generate_ok(const hdl::Interface& ifc,
                                const stimulus::StimulusOptions& options) {
    auto set = stimulus::generate_vectors(ifc, options);
    REQUIRE(set);
    return *set;
}

Bits all_ones(int width) {
    Bits bits(width);
    for (int i = 0; i < width; ++i) {
        bits.set_bit(i, true);
    }
    return bits;
}

}  // namespace

TEST_SUITE("stimulus.generate") {
    TEST_CASE("gives the same rows for the same seed and different rows for another seed") {
        const auto ifc = counter_interface(false);
        const auto first = generate_ok(ifc, {.count = 200, .seed = 7});
        const auto again = generate_ok(ifc, {.count = 200, .seed = 7});
        const auto other = generate_ok(ifc, {.count = 200, .seed = 8});
        CHECK(first.rows == again.rows);
        CHECK(first.reset_rows == again.reset_rows);
        CHECK(first.rows != other.rows);
        CHECK(first.seed == 7);
    }

    TEST_CASE("has one column per driven input, the clock left out, at each input's width") {
        const auto set = generate_ok(counter_interface(false), {.count = 10});
        REQUIRE(set.inputs.size() == 3);
        CHECK(set.inputs[0].name == "reset");
        REQUIRE(set.rows.size() == 10);
        for (const auto& row : set.rows) {
            REQUIRE(row.size() == 3);
            CHECK(row[0].width() == 1);
            CHECK(row[1].width() == 8);
            CHECK(row[2].width() == 100);
        }
    }

    TEST_CASE(
        "asserts an active-high reset first, releases it, re-asserts it briefly, never holds it") {
        const auto set =
            generate_ok(counter_interface(false),
                        {.count = 1000, .reset_cycles = 3, .reset_reassert_rate = 0.02});
        CHECK(set.reset_name == "reset");
        std::size_t asserted = 0;
        std::size_t longest_mid_run = 0;
        std::size_t run = 0;
        for (std::size_t row = 0; row < set.rows.size(); ++row) {
            const bool is_reset = stimulus::is_reset_row(set, row);
            CHECK(set.rows[row][0] == Bits::from_u64(1, is_reset ? 1 : 0));
            asserted += is_reset ? 1 : 0;
            run = is_reset ? run + 1 : 0;
            if (row >= 4) {
                longest_mid_run = std::max(longest_mid_run, run);
            }
        }
        CHECK(stimulus::is_reset_row(set, 0));
        CHECK(stimulus::is_reset_row(set, 2));
        CHECK_FALSE(stimulus::is_reset_row(set, set.rows.size()));
        CHECK(asserted > 3);    // re-asserted mid-run
        CHECK(asserted < 200);  // released most of the time
        CHECK(longest_mid_run >= 1);
        CHECK(longest_mid_run <= 3);
        CHECK_FALSE(stimulus::is_reset_row(set, set.rows.size() - 1));
    }

    TEST_CASE("drives an active-low reset low while asserted") {
        const auto set = generate_ok(counter_interface(true), {.count = 50});
        CHECK(set.rows[0][0] == Bits::from_u64(1, 0));
        CHECK(set.rows[1][0] == Bits::from_u64(1, 0));
        for (std::size_t row = 0; row < set.rows.size(); ++row) {
            CHECK(set.rows[row][0] == Bits::from_u64(1, stimulus::is_reset_row(set, row) ? 0 : 1));
        }
    }

    TEST_CASE(
        "never holds the reset for the whole run, even when the run is shorter than the reset") {
        const auto set = generate_ok(counter_interface(false), {.count = 2, .reset_cycles = 5});
        CHECK(stimulus::is_reset_row(set, 0));
        CHECK_FALSE(stimulus::is_reset_row(set, 1));
    }

    TEST_CASE("gives a combinational design no reset treatment") {
        hdl::Interface ifc;
        ifc.ports = {{.name = "reset"}, {.name = "y", .direction = PortDirection::Output}};
        const auto set = generate_ok(ifc, {.count = 100});
        CHECK(set.reset_rows.empty());
        CHECK(set.reset_name.empty());
        CHECK_FALSE(stimulus::is_reset_row(set, 0));
    }

    TEST_CASE("mixes in corner values per width, including over 64 bits") {
        const auto set = generate_ok(counter_interface(false), {.count = 1000, .corner_rate = 0.3});
        const Bits corners[] = {Bits(100), all_ones(100), [] {
                                    Bits msb(100);
                                    msb.set_bit(99, true);
                                    return msb;
                                }()};
        for (const Bits& corner : corners) {
            std::size_t hits = 0;
            for (const auto& row : set.rows) {
                hits += row[2] == corner ? 1 : 0;
            }
            CAPTURE(corner.to_hex());
            CHECK(hits > 10);
        }
        std::size_t eight_bit_ones = 0;
        for (const auto& row : set.rows) {
            eight_bit_ones += row[1] == Bits::from_u64(8, 0xff) ? 1 : 0;
        }
        CHECK(eight_bit_ones > 10);
    }

    TEST_CASE("fills inputs over 64 bits with random data in every word") {
        const auto set = generate_ok(counter_interface(false), {.count = 50, .corner_rate = 0.0});
        bool is_upper_word_used = false;
        for (const auto& row : set.rows) {
            is_upper_word_used = is_upper_word_used || row[2].value_words()[1] != 0;
            CHECK_FALSE(row[2].has_unknown());
        }
        CHECK(is_upper_word_used);
    }

    TEST_CASE("refuses options out of range") {
        const auto ifc = counter_interface(false);
        CHECK_FALSE(stimulus::generate_vectors(ifc, {.count = 0}));
        CHECK_FALSE(stimulus::generate_vectors(ifc, {.corner_rate = 1.5}));
        CHECK_FALSE(stimulus::generate_vectors(ifc, {.reset_cycles = -1}));
    }
}
