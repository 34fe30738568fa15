#include "bench/detail/module_scan.h"

#include <doctest/doctest.h>

using namespace rtlduet::bench::detail;

namespace {

constexpr std::string_view kHierarchy = R"(// module commented_out(
module RefModule(input clk, input [7:0] a, output [7:0] d);
    wire [7:0] slave_mod;  /* a signal named like the module */
    slave_mod #(.W(8)) s1(.clk(clk), .a(a), .c_out(d));
    initial $display("module fake_in_string(");
endmodule

module slave_mod #(parameter W = 8) (input clk, input [W-1:0] a, output reg [W-1:0] c_out);
    always @(posedge clk) if (a > 8'hff) c_out <= a; else c_out <= 8'd0;
endmodule
)";

}  // namespace

TEST_SUITE("bench.module_scan") {
    TEST_CASE("declarations with lines, instantiations and roots; comments and strings ignored") {
        CHECK(declared_modules(kHierarchy) ==
              std::vector<ModuleDecl>{{"RefModule", 2}, {"slave_mod", 8}});
        CHECK(instantiated_modules(kHierarchy) == std::set<std::string>{"slave_mod"});
        CHECK(root_modules(kHierarchy) == std::vector<std::string>{"RefModule"});
    }

    TEST_CASE("renaming a module touches its declaration and instantiations, not signals") {
        const std::string renamed =
            rename_modules(kHierarchy, {{"slave_mod", "rtlduet_ref_slave_mod"}});
        CHECK(declared_modules(renamed) ==
              std::vector<ModuleDecl>{{"RefModule", 2}, {"rtlduet_ref_slave_mod", 8}});
        CHECK(renamed.find("wire [7:0] slave_mod;") != std::string::npos);
        CHECK(renamed.find("rtlduet_ref_slave_mod #(.W(8)) s1(") != std::string::npos);
    }

    TEST_CASE("statements that look like instantiations are not") {
        constexpr std::string_view kCode = R"(module tb;
    integer i;
    initial begin
        for (i = 0; i < 4; i = i + 1) begin
            repeat (2) @(posedge clk);
            if (x) check(a); else report(b);
        end
    end
    and g1(y, a, b);
    TopModule top_module1 (.clk(clk));
    RefModule good1 [3:0] (.clk(clk));
endmodule
)";
        CHECK(instantiated_modules(kCode) == std::set<std::string>{"RefModule", "TopModule"});
    }

    TEST_CASE("macro definitions with continuation lines; provided module sources") {
        constexpr std::string_view kTest =
            "`timescale 1ps/1ps\n`define RegBus 31:0 // width\n`define SUM(a, b) \\\n  (a + b)\n"
            "// `define COMMENTED 1\nmodule tb; endmodule\n";
        CHECK(macro_definitions(kTest) ==
              "`define RegBus 31:0 // width\n`define SUM(a, b) \\\n  (a + b)\n");
        constexpr std::string_view kPrompt =
            "Use this decoder:\n```\nmodule decoder_38(input E, output Y);\n  assign Y = E;\n"
            "endmodule\n```\nand module other(); endmodule\n";
        const auto sources = module_sources(kPrompt, {"decoder_38", "missing"});
        REQUIRE(sources.size() == 1);
        CHECK(sources.at("decoder_38") ==
              "module decoder_38(input E, output Y);\n  assign Y = E;\nendmodule\n");
    }
}
