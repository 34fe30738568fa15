// unit/hdl/forbidden_test.cpp: the forbidden-construct policy: each refused construct with
// its line, including ones hidden behind macros, and nothing refused in comments or strings.
#include <doctest/doctest.h>

#include "hdl/lint.h"

namespace {

using rtlduet::hdl::Diagnostic;
using rtlduet::hdl::find_forbidden_constructs;

// The source wrapped in a TopModule, with the construct on line 3.
std::vector<Diagnostic> check_body(std::string_view body) {
    const std::string text = "module TopModule (input clk, output y);\n  assign y = 1'b0;\n" +
                             std::string(body) + "\nendmodule\n";
    return find_forbidden_constructs(text, "cand.sv", "TopModule");
}

}  // namespace

TEST_SUITE("hdl.forbidden") {
    TEST_CASE("accepts an ordinary design, with refused names only in comments and strings") {
        const auto found = find_forbidden_constructs(
            "// $system(\"rm -rf /\") `include \"x\"\n"
            "module TopModule (input [7:0] a, output [3:0] n);\n"
            "  /* $fopen $readmemh\n import \"DPI-C\" */\n"
            "  assign n = $clog2(a) + $countones(a);\n"
            "  initial $display(\"$system $c\");\n"
            "  import my_pkg::*;\n"
            "endmodule\n",
            "cand.sv", "TopModule");
        CHECK(found.empty());
    }

    TEST_CASE("refuses each host-reaching construct at its line") {
        const char* constructs[] = {
            "initial $system(\"touch /tmp/x\");",
            "initial $c(\"abort();\");",
            "initial $c32(\"1\");",
            "import \"DPI-C\" function int getpid();",
            "export \"DPI-C\" function f;",
            "integer fd; initial fd = $fopen(\"out.txt\", \"w\");",
            "initial $fwrite(1, \"x\");",
            "initial $fdisplayh(2, \"x\");",
            "reg [7:0] m [0:3]; initial $readmemh(\"/etc/shadow\", m);",
            "reg [7:0] m [0:3]; initial $readmemb(\"f\", m);",
            "reg [7:0] m [0:3]; initial $writememh(\"f\", m);",
            "`include \"/etc/passwd\"",
            "`systemc_implementation",
            "initial \\$system (\"x\");",
        };
        for (const char* construct : constructs) {
            CAPTURE(construct);
            const auto found = check_body(construct);
            REQUIRE(found.size() == 1);
            CHECK(found[0].line == 3);
            CHECK(found[0].file == "cand.sv");
            CHECK(found[0].severity == "error");
            CHECK(found[0].code == "FORBIDDEN");
        }
    }

    TEST_CASE("names the construct and why it is refused") {
        const auto found = check_body("`include \"/etc/passwd\"");
        REQUIRE(found.size() == 1);
        CHECK(found[0].message.find("`include") != std::string::npos);
        CHECK(found[0].message.find("file") != std::string::npos);
    }

    TEST_CASE("refuses a $system hidden behind a macro, at the line of the define") {
        const auto found = check_body("`define RUN(cmd) $system(cmd)\ninitial `RUN(\"id\");");
        REQUIRE(found.size() == 1);
        CHECK(found[0].line == 3);
        CHECK(found[0].message.find("$system") != std::string::npos);
        CHECK(found[0].message.find("`define") != std::string::npos);
    }

    TEST_CASE("refuses token pasting in a macro that could build a refused name") {
        const auto found = check_body("`define S(x) $sys``x \\\n  (\"id\")\ninitial `S(tem);");
        REQUIRE(found.size() == 1);
        CHECK(found[0].line == 3);
        CHECK(found[0].message.find("pasting") != std::string::npos);
    }

    TEST_CASE("refuses a DPI import whose language string comes from a macro") {
        const auto found = check_body("`define LANG \"DPI-C\"\nimport `LANG function int f();");
        REQUIRE(found.size() == 1);
        CHECK(found[0].line == 4);
    }

    TEST_CASE("reports every hit, each on its own line") {
        const auto found = check_body("initial $system(\"a\");\ninitial $system(\"b\");");
        REQUIRE(found.size() == 2);
        CHECK(found[0].line == 3);
        CHECK(found[1].line == 4);
    }

    TEST_CASE("refuses a file without the top module it must declare") {
        const auto found = find_forbidden_constructs(
            "module RefModule (input a, output y);\n  assign y = a;\nendmodule\n", "cand.sv",
            "accu");
        REQUIRE(found.size() == 1);
        CHECK(found[0].message == "no `module accu` declaration");
    }

    TEST_CASE("checks no declaration when the top is not known") {
        CHECK(find_forbidden_constructs("module any (input a, output y);\nendmodule\n", "c.sv", "")
                  .empty());
    }

    TEST_CASE("lists the modules a source declares, ignoring comments and macros") {
        CHECK(rtlduet::hdl::declared_modules(
                  "// module fake;\nmodule sub(input a);\nendmodule\n`define M module hidden\n"
                  "macromodule top #(parameter W = 2) ();\nendmodule\n") ==
              std::vector<std::string>{"sub", "top"});
    }
}
