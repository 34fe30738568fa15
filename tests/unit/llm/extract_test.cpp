// Code extraction on a corpus of realistic replies (written here) and on real candidates of
// the shared VerilogEval v2 set, whose completions are already code and must come back as is.
#include "llm/extract.h"

#include <fstream>
#include <string>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "support/run_binary.h"

using rtlduet::llm::CodeKind;
using rtlduet::llm::extract_code;
using rtlduet::llm::strip_reasoning;

namespace {

const char* const kAndGate =
    "module TopModule (\n    input a,\n    input b,\n    output out\n);\n    assign out = a & "
    "b;\nendmodule\n";

std::string verilog(std::string_view reply) {
    const auto code = extract_code(reply, CodeKind::Verilog);
    return code ? *code : "<none>";
}

std::string python(std::string_view reply) {
    const auto code = extract_code(reply, CodeKind::Python);
    return code ? *code : "<none>";
}

std::string trim_end(std::string text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) {
        text.pop_back();
    }
    return text;
}

}  // namespace

TEST_SUITE("llm.extract") {
    TEST_CASE("a single verilog fence surrounded by prose yields just the module") {
        const std::string reply = std::string("Here is the implementation:\n\n```verilog\n") +
                                  kAndGate + "```\n\nThe output is the AND of both inputs.\n";
        CHECK(verilog(reply) == kAndGate);
    }

    TEST_CASE("every verilog fence tag is recognised, in any case") {
        for (const char* tag :
             {"verilog", "systemverilog", "sv", "v", "Verilog", "SystemVerilog"}) {
            const std::string reply = std::string("```") + tag + "\n" + kAndGate + "```\n";
            CHECK_MESSAGE(verilog(reply) == kAndGate, tag);
        }
    }

    TEST_CASE("a bare fence holding verilog counts as verilog but not as python") {
        const std::string reply = std::string("Sure.\n```\n") + kAndGate + "```\n";
        CHECK(verilog(reply) == kAndGate);
        CHECK(python(reply) == "<none>");
    }

    TEST_CASE("the block defining TopModule wins over a testbench after it") {
        const std::string reply =
            std::string("```verilog\n") + kAndGate +
            "```\n\nAnd a quick testbench:\n\n```verilog\nmodule tb;\n  reg "
            "a, b;\n  wire out;\n  TopModule dut(a, b, out);\nendmodule\n```\n";
        CHECK(verilog(reply) == kAndGate);
    }

    TEST_CASE("with a first draft and a corrected version, the last TopModule is taken") {
        const std::string reply =
            "First attempt:\n```verilog\nmodule TopModule(input a, output y);\n  assign y = "
            "a;\nendmodule\n```\nWait, that ignores b. Corrected:\n```verilog\n" +
            std::string(kAndGate) + "```\n";
        CHECK(verilog(reply) == kAndGate);
    }

    TEST_CASE("helper modules written in another block are put before the top module") {
        const std::string reply =
            "First a full adder:\n```verilog\nmodule full_adder(input a, b, cin, output s, "
            "cout);\n  assign {cout, s} = a + b + cin;\nendmodule\n```\nThen the top:\n```verilog\n"
            "module TopModule(input [1:0] a, b, output [1:0] s);\n  wire c;\n  full_adder "
            "fa0(a[0], b[0], 1'b0, s[0], c);\n  full_adder fa1(a[1], b[1], c, s[1], );\nendmodule\n"
            "```\nA testbench:\n```verilog\nmodule tb; TopModule dut(); endmodule\n```\n";
        const std::string code = verilog(reply);
        CHECK(code.find("module full_adder") == 0);
        CHECK(code.find("module TopModule") != std::string::npos);
        CHECK(code.find("module tb") == std::string::npos);
    }

    TEST_CASE("without any TopModule the last verilog block is taken") {
        const std::string reply =
            "```verilog\nmodule a(); endmodule\n```\nBetter:\n```verilog\nmodule b(); "
            "endmodule\n```\n";
        CHECK(verilog(reply) == "module b(); endmodule\n");
    }

    TEST_CASE("a reply that is only code comes back unchanged") {
        CHECK(verilog(kAndGate) == kAndGate);
        const std::string with_directives =
            std::string("`timescale 1ns/1ps\n`default_nettype none\n// and gate\n") + kAndGate +
            "`default_nettype wire\n";
        CHECK(verilog(with_directives) == with_directives);
    }

    TEST_CASE("unfenced code loses the prose before, between and after the modules") {
        const std::string reply =
            "Here is the design.\n\n// helper\nmodule inv(input a, output y);\n  assign y = "
            "~a;\nendmodule\n\nNow the top module, which uses it:\n" +
            std::string(kAndGate) + "\nThis satisfies the spec.\n";
        CHECK(verilog(reply) ==
              "// helper\nmodule inv(input a, output y);\n  assign y = ~a;\nendmodule\n\n" +
                  std::string(kAndGate));
    }

    TEST_CASE("code inside a think block is ignored") {
        const std::string reply =
            "<think>\nMaybe:\n```verilog\nmodule TopModule(output y); assign y = 0; "
            "endmodule\n```\nNo, it needs inputs.\n</think>\n\n```verilog\n" +
            std::string(kAndGate) + "```\n";
        CHECK(verilog(reply) == kAndGate);
    }

    TEST_CASE("a think block whose opening tag was in the prompt is removed up to its end") {
        const std::string reply =
            "The user wants an AND gate. module TopModule is simple.\n"
            "</think>\n\n" +
            std::string(kAndGate);
        CHECK(verilog(reply) == kAndGate);
        CHECK(strip_reasoning(reply) == kAndGate);
    }

    TEST_CASE("a reply cut inside its reasoning holds no code") {
        const std::string reply = "<think>\nLet me write\nmodule TopModule(input a);\n";
        CHECK(verilog(reply) == "<none>");
        CHECK(strip_reasoning(reply).empty());
    }

    TEST_CASE("strip_reasoning keeps the answer and removes every reasoning block") {
        CHECK(strip_reasoning("<think>a</think>\n\nanswer <thinking>b</thinking>end") ==
              "answer end");
        CHECK(strip_reasoning("no reasoning here") == "no reasoning here");
    }

    TEST_CASE("CRLF line ends become LF") {
        const std::string reply =
            "```verilog\r\nmodule TopModule(output y);\r\n  assign y = 1;\r\nendmodule\r\n```\r\n";
        CHECK(verilog(reply) == "module TopModule(output y);\n  assign y = 1;\nendmodule\n");
    }

    TEST_CASE("an unclosed fence (reply cut by max_tokens) runs to the end") {
        const std::string reply = "```verilog\nmodule TopModule(input a, output y);\n  assign y";
        CHECK(verilog(reply) == "module TopModule(input a, output y);\n  assign y\n");
    }

    TEST_CASE("an indented fence inside a list item is dedented") {
        const std::string reply =
            "1. The module:\n   ```verilog\n   module TopModule(output y);\n     assign y = 1;\n  "
            " endmodule\n   ```\n";
        CHECK(verilog(reply) == "module TopModule(output y);\n  assign y = 1;\nendmodule\n");
    }

    TEST_CASE("prose only, or code of the other language only, is no code") {
        CHECK(verilog("I cannot help with that.") == "<none>");
        CHECK(python("I cannot help with that.") == "<none>");
        CHECK(verilog("") == "<none>");
        CHECK(verilog("```python\nclass TopModule:\n    pass\n```\n") == "<none>");
        CHECK(python(std::string("```verilog\n") + kAndGate + "```\n") == "<none>");
    }

    const char* const kModel =
        "class TopModule:\n    def __init__(self):\n        self.q = 0\n\n    def eval(self, "
        "inputs: dict) -> dict:\n        self.q = inputs[\"d\"] & 1\n        return {\"q\": "
        "self.q}\n";

    TEST_CASE("python fences (python, py, python3, bare) yield the model class") {
        for (const char* tag : {"python", "py", "python3", ""}) {
            const std::string reply =
                std::string("The model:\n```") + tag + "\n" + kModel + "```\n";
            CHECK_MESSAGE(python(reply) == kModel, tag);
        }
    }

    TEST_CASE("the python block defining class TopModule wins over a usage example") {
        const std::string reply = std::string("```python\n") + kModel +
                                  "```\nUsage:\n```python\nm = TopModule()\nprint(m.eval({'d': "
                                  "1}))\n```\n";
        CHECK(python(reply) == kModel);
    }

    TEST_CASE("unfenced python keeps imports, constants and the class, not the prose") {
        const std::string reply = "Here is the reference model.\n\nimport math\nMASK = 0xFF\n\n" +
                                  std::string(kModel) +
                                  "\nThe model keeps the state in self.q.\n  - it is simple\n";
        CHECK(python(reply) == "import math\nMASK = 0xFF\n\n" + std::string(kModel));
    }

    TEST_CASE("prose-like lines inside a python docstring are kept") {
        const std::string code =
            "class TopModule:\n    \"\"\"A register.\n\nIt holds d.\n    \"\"\"\n\n    def "
            "eval(self, inputs):\n        return {}\n";
        CHECK(python(code) == code);
    }

    TEST_CASE("a think block with python in it does not leak into the model") {
        const std::string reply = "<think>\nclass TopModule:\n    pass\n</think>\n```python\n" +
                                  std::string(kModel) + "```";
        CHECK(python(reply) == kModel);
    }

    TEST_CASE("real VerilogEval v2 candidates come back unchanged, modulo trailing whitespace") {
        std::ifstream in(rtlduet::testing::shared_path("llm-candidates/verilog-eval-v2.jsonl"));
        REQUIRE(in.good());
        std::string line;
        int checked = 0;
        int fenced = 0;
        while (std::getline(in, line)) {
            const auto row = nlohmann::json::parse(line);
            const std::string completion = row.at("completion").get<std::string>();
            const auto code = extract_code(completion, CodeKind::Verilog);
            REQUIRE_MESSAGE(code.has_value(), row.at("id").get<std::string>());
            if (completion.rfind("```", 0) == 0) {
                // The one candidate published with its (unclosed) opening fence.
                ++fenced;
                CHECK(trim_end(*code) == trim_end(completion.substr(completion.find('\n') + 1)));
            } else {
                CHECK_MESSAGE(trim_end(*code) == trim_end(completion),
                              row.at("id").get<std::string>());
            }
            ++checked;
        }
        CHECK(checked == 402);
        CHECK(fenced == 1);
    }
}
