// unit/sim/harness_test.cpp: the packed vector file, template filling and the strict trace
// parser shared by both simulator backends.
#include "sim/detail/harness.h"

#include <doctest/doctest.h>

#include "unit/sim/fixtures.h"

namespace rtlduet::sim::detail {
namespace {

using testing::in_port;
using testing::out_port;

const std::vector<hdl::Port> kOutputs = {out_port("q", 4), out_port("z", 1)};

TEST_SUITE("sim.harness") {
    TEST_CASE("packs the first input into the most significant bits of a row") {
        const hdl::Interface ifc{.ports = {in_port("a", 4), in_port("b", 1), in_port("c", 3)}};
        const RowLayout layout = layout_rows(ifc.driven_inputs());
        CHECK(layout.row_bits == 8);
        REQUIRE(layout.fields.size() == 3);
        CHECK(layout.fields[0].lo == 4);
        CHECK(layout.fields[1].lo == 3);
        CHECK(layout.fields[2].lo == 0);
        const auto vectors = testing::make_vectors(ifc, {{0xa, 1, 5}, {0, 0, 1}});
        CHECK(render_vector_file(layout, vectors) == "ad\n01\n");
    }

    TEST_CASE("gives a design without driven inputs one zero bit per row") {
        const hdl::Interface ifc{.ports = {in_port("clk"), out_port("q", 2)}, .clock = "clk"};
        const RowLayout layout = layout_rows(ifc.driven_inputs());
        CHECK(layout.row_bits == 1);
        CHECK(render_vector_file(layout, testing::make_vectors(ifc, {{}, {}})) == "0\n0\n");
    }

    TEST_CASE("packs values wider than 64 bits") {
        const hdl::Interface ifc{.ports = {in_port("w", 100), in_port("b", 4)}};
        const auto vectors = testing::make_vectors(ifc, {{1, 0xf}});
        CHECK(render_vector_file(layout_rows(ifc.driven_inputs()), vectors) ==
              std::string(23, '0') + "01f\n");
    }

    TEST_CASE("fills every template key and refuses a key without a value") {
        auto filled = fill_template("a {{X}} b {{Y}}{{X}}", {{"X", "1"}, {"Y", "two"}});
        REQUIRE(filled);
        CHECK(*filled == "a 1 b two1");
        auto missing = fill_template("{{X}} {{Z}}", {{"X", "1"}});
        REQUIRE_FALSE(missing);
        CHECK(missing.error().message.find("Z") != std::string::npos);
    }

    TEST_CASE("reads a sequential trace with pre- and post-edge samples and unknown digits") {
        auto trace = parse_trace("b x x\na 3 1\nb 3 Z\na f 0\nend 2\n", kOutputs, 2, true);
        REQUIRE(trace);
        REQUIRE(trace->pre.size() == 2);
        REQUIRE(trace->post.size() == 2);
        CHECK(trace->pre[0][0].has_unknown());
        CHECK(trace->pre[0][1].is_unknown(0));
        CHECK(trace->post[0][0].to_u64() == 3);
        CHECK(trace->pre[1][1].has_unknown());
        CHECK(trace->post[1][0].to_u64() == 15);
    }

    TEST_CASE("reads a combinational trace with one settled sample per row") {
        auto trace = parse_trace("a 1 0\na 2 1\nend 2\n", kOutputs, 2, false);
        REQUIRE(trace);
        CHECK(trace->pre.empty());
        CHECK(trace->post[1][0].to_u64() == 2);
    }

    TEST_CASE("rejects traces that are incomplete or were written to by someone else") {
        const std::string good = "a 1 0\na 2 1\nend 2\n";
        CHECK(parse_trace(good, kOutputs, 2, false));
        CHECK_FALSE(parse_trace("a 1 0\n", kOutputs, 2, false));
        CHECK_FALSE(parse_trace("a 1 0\na 2 1\n", kOutputs, 2, false));
        CHECK_FALSE(parse_trace("a 1 0\nMismatches: 0\na 2 1\nend 2\n", kOutputs, 2, false));
        CHECK_FALSE(parse_trace(good + "a 1 0\n", kOutputs, 2, false));
        CHECK_FALSE(parse_trace("a 1 0\nb 2 1\nend 2\n", kOutputs, 2, false));
        CHECK_FALSE(parse_trace("a 1 0\na 2 1\nend 3\n", kOutputs, 2, false));
        CHECK_FALSE(parse_trace("a 1 0\na 12 1\nend 2\n", kOutputs, 2, false));
        CHECK_FALSE(parse_trace("a 1\na 2 1\nend 2\n", kOutputs, 2, false));
        CHECK_FALSE(parse_trace("0 a 1 0\n1 a 2 1\nend 2\n", kOutputs, 2, false));
        CHECK_FALSE(parse_trace("a 1 0\na 2 1\nend 2\n", kOutputs, 2, true));
    }

    TEST_CASE("refuses vectors that do not match the interface") {
        const hdl::Interface ifc{.ports = {in_port("a", 4), out_port("y", 4)}};
        CHECK(check_request(ifc, testing::make_vectors(ifc, {{1}})));
        CHECK_FALSE(check_request(ifc, testing::make_vectors(ifc, {})));
        const hdl::Interface other{.ports = {in_port("b", 4), out_port("y", 4)}};
        CHECK_FALSE(check_request(ifc, testing::make_vectors(other, {{1}})));
        const hdl::Interface no_outputs{.ports = {in_port("a", 4)}};
        CHECK_FALSE(check_request(no_outputs, testing::make_vectors(no_outputs, {{1}})));
    }

    TEST_CASE("shows tool messages with the user's file name instead of work paths") {
        const std::string log =
            "%Error: /tmp/w1/src/design.sv:3:5: syntax error\n/tmp/w1/harness.cpp: note\n";
        CHECK(tidy_log(log, "/tmp/w1", "src/design.sv", "design.sv") ==
              "%Error: design.sv:3:5: syntax error\nharness.cpp: note\n");
    }
}

}  // namespace
}  // namespace rtlduet::sim::detail
