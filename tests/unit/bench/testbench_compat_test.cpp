#include "bench/detail/testbench_compat.h"

#include <doctest/doctest.h>

#include "support/run_binary.h"
#include "util/files.h"

using rtlduet::bench::detail::hoist_match_declarations;
using rtlduet::bench::detail::replace_break_statements;

TEST_SUITE("bench.testbench_compat") {
    TEST_CASE("moves the verification wires ahead of their first use, keeping line numbers") {
        const std::string tb =
            "module tb();\n"
            "\tinitial $dumpvars(1, tb_mismatch);\n"
            "\twire tb_match;\t\t// Verification\n"
            "\twire tb_mismatch = ~tb_match;\n"
            "endmodule\n";
        const auto hoisted = hoist_match_declarations(tb);
        REQUIRE(hoisted);
        CHECK(*hoisted ==
              "module tb(); wire tb_match; wire tb_mismatch = ~tb_match;\n"
              "\tinitial $dumpvars(1, tb_mismatch);\n\n\nendmodule\n");
    }

    TEST_CASE("leaves a testbench of another shape alone") {
        CHECK_FALSE(hoist_match_declarations("module tb();\nendmodule\n"));
        CHECK_FALSE(hoist_match_declarations("module other();\nwire tb_match;\nendmodule\n"));
    }

    TEST_CASE("applies to every VerilogEval v2 spec-to-rtl testbench") {
        const auto dir = rtlduet::testing::shared_path("verilog-eval-v2/dataset_spec-to-rtl");
        int count = 0;
        for (const auto& entry : std::filesystem::directory_iterator(dir)) {
            if (!entry.path().string().ends_with("_test.sv")) {
                continue;
            }
            auto text = rtlduet::util::read_file(entry.path());
            REQUIRE(text);
            CHECK_MESSAGE(hoist_match_declarations(*text).has_value(), entry.path().string());
            ++count;
        }
        CHECK(count == 156);
    }

    TEST_CASE("a loop break becomes a disable of a block named around that loop, lines kept") {
        const std::string tb =
            "initial begin\n  repeat (17) begin\n    #20;\n    if (wfull) begin\n"
            "      break; // full\n    end\n    for (i = 0; i < 2; i++) begin if (x) break; end\n"
            "  end\n  $display(\"break;\");\nend\n";
        const auto rewritten = replace_break_statements(tb);
        REQUIRE(rewritten);
        CHECK(*rewritten ==
              "initial begin\n  begin : rtlduet_loop_1 repeat (17) begin\n    #20;\n"
              "    if (wfull) begin\n      disable rtlduet_loop_1; // full\n    end\n"
              "    begin : rtlduet_loop_2 for (i = 0; i < 2; i++) begin if (x) disable "
              "rtlduet_loop_2; end end\n  end end\n  $display(\"break;\");\nend\n");
        CHECK_FALSE(replace_break_statements("initial begin #1; end\n"));
        CHECK_FALSE(replace_break_statements("initial begin break; end\n"));
    }
}
