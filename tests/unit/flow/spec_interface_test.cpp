// unit/flow/spec_interface_test.cpp: the top module's name and ports as a spec states them.
#include "flow/detail/spec_interface.h"

#include <doctest/doctest.h>

using rtlduet::flow::interface_from_spec;
using rtlduet::flow::SpecTop;
using rtlduet::flow::top_from_spec;

namespace {

std::string ports_of(std::string_view spec, std::string_view top = "TopModule") {
    auto found = interface_from_spec(spec, "spec.txt", top);
    REQUIRE_MESSAGE(found, (found ? "" : found.error().what()));
    REQUIRE(found->text);
    return *found->text;
}

}  // namespace

TEST_SUITE("flow.spec_interface") {
    TEST_CASE("names the top from \"a module named X\", \"Module name: X\" or a quoted header") {
        CHECK(top_from_spec("I would like you to implement a module named TopModule with") ==
              SpecTop{.name = "TopModule", .rule = "named"});
        CHECK(top_from_spec("Implement a module.\n\nModule name:  \n    accu   \nInput ports:") ==
              SpecTop{.name = "accu", .rule = "module_name"});
        CHECK(top_from_spec("Module name: float_multi\n") ==
              SpecTop{.name = "float_multi", .rule = "module_name"});
        CHECK(top_from_spec("Fix this:\n  module fifo #(parameter D = 4) (input clk);\n") ==
              SpecTop{.name = "fifo", .rule = "header"});
        CHECK_FALSE(top_from_spec("Build an adder."));
    }

    TEST_CASE("the first naming statement wins over a submodule named later") {
        CHECK(top_from_spec("Module name:\n  asyn_fifo\n...\nThe module instantiates a dual-port "
                            "RAM module named \"dual_port_RAM\".") ==
              SpecTop{.name = "asyn_fifo", .rule = "module_name"});
    }

    TEST_CASE("a quoted header of the top is taken as is, with its parameters") {
        CHECK(ports_of("Do X.\n\nmodule TopModule (\n  input clk,\n  output reg [7:0] q\n);\n") ==
              "module TopModule (\n  input clk,\n  output reg [7:0] q\n);\nendmodule\n");
        CHECK(
            ports_of("module fifo #(parameter DEPTH = 16) (input clk, output [3:0] n);", "fifo") ==
            "module fifo #(parameter DEPTH = 16) (input clk, output [3:0] n);\nendmodule\n");
    }

    TEST_CASE("a header of another module is not the top's interface") {
        const auto found = interface_from_spec(
            "Consider module full_module:\n  module full_module (input a, output b);\n"
            "  assign b = a;\n  endmodule\n\n - input  a\n - output q\n",
            "spec.txt", "TopModule");
        REQUIRE(found);
        CHECK(found->source == "bullets");
        CHECK(*found->text == "module TopModule (\n  input a,\n  output q\n);\nendmodule\n");
    }

    TEST_CASE("a port bullet list becomes a header with widths, padded ones included") {
        CHECK(ports_of("Ports:\n\n - input  clk\n - input  d   (8 bits)\n - output q (100 bits)\n"
                       " - output hi (  8 bits)\n - output lo ( 8 bits)\n - input  e,\n\nMore.") ==
              "module TopModule (\n  input clk,\n  input [7:0] d,\n  output [99:0] q,\n"
              "  output [7:0] hi,\n  output [7:0] lo,\n  input e\n);\nendmodule\n");
    }

    TEST_CASE("bullets may carry reg, a range, signed and a description") {
        CHECK(ports_of(" - output reg [5:0] second\n - input signed [3:0] a: the operand\n"
                       " - output reg flag -- set on a match\n") ==
              "module TopModule (\n  output [5:0] second,\n  input signed [3:0] a,\n"
              "  output flag\n);\nendmodule\n");
    }

    TEST_CASE("a port line that cannot be read is an input error naming the file and line") {
        const auto found =
            interface_from_spec("Ports:\n - input  a\n - output b (8 bytes)\n", "p.txt", "top");
        REQUIRE_FALSE(found);
        CHECK(found.error().kind == rtlduet::util::ErrorKind::Input);
        CHECK(found.error().what().starts_with("p.txt:3: cannot read the port line"));
    }

    TEST_CASE("a header inside code the spec asks to fix is not the interface") {
        const auto found = interface_from_spec(
            "Consider the following implementation of an 8-bit 2-to-1 mux:\n\n"
            "  module TopModule (\n      input        sel,\n      input  [7:0] a,\n"
            "      input  [7:0] b,\n      output       out\n  );\n\n"
            "      assign out = (~sel & a) | (sel & b);\n\n  endmodule\n\n"
            "Unfortunately, this module has a bug. Implement a new version of this\n"
            "module that fixes the bug.\n",
            "Prob062.txt", "TopModule");
        REQUIRE(found);
        CHECK_FALSE(found->text);
        CHECK(found->note.find("code to fix") != std::string::npos);
    }

    TEST_CASE("widths given as a parameter without a value give no interface") {
        const auto found = interface_from_spec(" - input  clk\n - input  wdata (WIDTH bits)\n",
                                               "spec.txt", "TopModule");
        REQUIRE(found);
        CHECK_FALSE(found->text);
        CHECK(found->note.find("WIDTH") != std::string::npos);
    }

    TEST_CASE("a spec without ports gives nothing") {
        const auto found = interface_from_spec("Build an adder.", "spec.txt", "");
        REQUIRE(found);
        CHECK_FALSE(found->text);
    }
}
