// unit/sim/waveform_test.cpp: the VCD and the text waveform of hand-made traces: one scope,
// rtlduet's own time per row, the model's outputs, the mismatch marks of compare()'s rules.
#include "sim/waveform.h"

#include <doctest/doctest.h>

#include "unit/sim/fixtures.h"

namespace rtlduet::sim {
namespace {

using testing::in_port;
using testing::out_port;

// A combinational design whose output is named like one of rtlduet's own signals.
hdl::Interface adder_interface() {
    return {.module_name = "adder",
            .ports = {in_port("a", 4), in_port("b", 4), out_port("mismatch", 5)}};
}

Trace post_trace(const std::vector<hdl::Bits>& values) {
    Trace trace;
    for (const hdl::Bits& value : values) {
        trace.post.push_back({value});
    }
    return trace;
}

hdl::Bits value(std::uint64_t v) {
    return hdl::Bits::from_u64(5, v);
}

TEST_SUITE("sim.waveform") {
    TEST_CASE("a combinational VCD has one scope, a row every 10 ns and marks the mismatch") {
        const hdl::Interface ifc = adder_interface();
        const auto vectors = testing::make_vectors(ifc, {{1, 2}, {3, 4}, {5, 6}});
        hdl::Bits unknown(5);
        unknown.set_unknown(0);
        const Waveform waveform =
            make_waveform(ifc, vectors, post_trace({value(3), unknown, value(11)}),
                          post_trace({value(3), value(7), value(11)}));
        CHECK(waveform.post_mismatch == std::vector<std::vector<bool>>{{false}, {true}, {false}});
        const std::string vcd = vcd_text(waveform);
        CHECK(vcd.find("$timescale 1ns $end") != std::string::npos);
        CHECK(vcd.find("$scope module adder $end") != std::string::npos);
        // The port keeps its name; rtlduet's own signal steps aside.
        CHECK(vcd.find("$var wire 5 # mismatch $end") != std::string::npos);
        CHECK(vcd.find("$var wire 5 $ model_mismatch $end") != std::string::npos);
        CHECK(vcd.find("$var wire 1 % mismatch_ $end") != std::string::npos);
        CHECK(vcd.find("clk") == std::string::npos);
        CHECK(vcd.find("#10\nb00000000000000000000000000000001 &\nb0011 !\nb0100 \"\n"
                       "b0000x #\nb00111 $\n1%\n") != std::string::npos);
        CHECK(vcd.ends_with("#30\n"));
    }

    TEST_CASE("without a model trace the VCD holds the design alone") {
        const hdl::Interface ifc = adder_interface();
        const auto vectors = testing::make_vectors(ifc, {{1, 2}});
        const Waveform waveform = make_waveform(ifc, vectors, post_trace({value(3)}), Trace{});
        CHECK_FALSE(waveform.has_model());
        const std::string vcd = vcd_text(waveform);
        CHECK(vcd.find("model_") == std::string::npos);
        CHECK(vcd.find("mismatch_") == std::string::npos);
        CHECK(render_text_waveform(waveform).empty());
    }

    TEST_CASE("the text waveform marks the first mismatching row and its bits") {
        const hdl::Interface ifc = adder_interface();
        const auto vectors = testing::make_vectors(ifc, {{1, 2}, {3, 4}, {5, 6}, {7, 8}});
        const Waveform waveform =
            make_waveform(ifc, vectors, post_trace({value(3), value(7), value(9), value(15)}),
                          post_trace({value(3), value(7), value(11), value(15)}));
        const std::string text = render_text_waveform(waveform, {.rows_before = 1});
        CHECK(
            text.starts_with("first mismatch: row 2, mismatch is 0x9 in the design and 0xb in "
                             "the model (xor 0x2: bit 1)\n"));
        CHECK(text.find("  >   2 | 0x5 0x6 | 0x9 *    | 0xb            | mismatch bit 1\n") !=
              std::string::npos);
        CHECK(text.find(" 0 |") == std::string::npos);  // row 0 is outside the window
        CHECK(text.find("     3 | 0x7 0x8 | 0xf") != std::string::npos);
    }
}

}  // namespace
}  // namespace rtlduet::sim
