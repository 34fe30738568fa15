// unit/hdl/extract_test.cpp: interface extraction through Verilator on hand-written modules
// (every declaration style, wide and signed ports, parameters, clock/reset classification)
// and on a few VerilogEval reference designs.
#include "hdl/extract.h"

#include <algorithm>

#include <doctest/doctest.h>

#include "support/run_binary.h"
#include "support/cache_entries.h"
#include "util/content_cache.h"
#include "util/files.h"
#include "util/temp_dir.h"

namespace {

using namespace rtlduet;
using hdl::PortDirection;
using hdl::ResetTiming;

const util::Sandbox& test_sandbox() {
    static const util::Sandbox sandbox = util::Sandbox::detect();
    return sandbox;
}

util::Result<hdl::Interface> extract_text(std::string_view text, const hdl::SignalHints& hints = {},
                                          std::string_view file_name = "design.sv") {
    auto dir = util::TempDir::create("rtlduet-extract-test-");
    REQUIRE(dir);
    const auto path = dir->path() / file_name;
    REQUIRE(util::write_file(path, text));
    return hdl::extract_interface(test_sandbox(), path, hints);
}

hdl::Interface extract_ok(std::string_view text, const hdl::SignalHints& hints = {}) {
    auto ifc = extract_text(text, hints);
    if (!ifc) {
        FAIL(ifc.error().what());
    }
    return *ifc;
}

const hdl::Port& port(const hdl::Interface& ifc, std::string_view name) {
    const hdl::Port* found = ifc.find(name);
    REQUIRE_MESSAGE(found != nullptr, "no port ", name);
    return *found;
}

}  // namespace

TEST_SUITE("hdl.extract") {
    TEST_CASE("keeps the width of every port in a list sharing one declaration, in ANSI style") {
        const auto ifc = extract_ok(R"(
module TopModule (input [7:0] a, b, input logic c, output wire [3:0] y, output reg [0:7] z);
  assign y = a[3:0] ^ b[3:0]; always @* z = {c, 7'd0};
endmodule)");
        REQUIRE(ifc.ports.size() == 5);
        CHECK(port(ifc, "a").width == 8);
        CHECK(port(ifc, "b").width == 8);
        CHECK(port(ifc, "c").width == 1);
        CHECK(port(ifc, "y").direction == PortDirection::Output);
        CHECK(port(ifc, "z").width == 8);
        CHECK(port(ifc, "z").msb == 0);
        CHECK(port(ifc, "z").lsb == 7);
        CHECK_FALSE(ifc.is_sequential());
    }

    TEST_CASE("reads non-ANSI ports in port-list order whatever the body's declaration order") {
        const auto ifc = extract_ok(R"(
module TopModule(q, d, clk);
  output [2:0] q;
  reg [2:0] q;
  input clk;
  input [2:0] d;
  always @(posedge clk) q <= d;
endmodule)");
        REQUIRE(ifc.ports.size() == 3);
        CHECK(ifc.ports[0].name == "q");
        CHECK(ifc.ports[1].name == "d");
        CHECK(ifc.ports[2].name == "clk");
        CHECK(ifc.ports[0].width == 3);
        CHECK(ifc.clock == "clk");
        CHECK_FALSE(ifc.reset);
    }

    TEST_CASE(
        "resolves parameterised widths, signed ports, ports over 64 bits and packed 2D arrays") {
        const auto ifc = extract_ok(R"(
module TopModule #(parameter W = 12) (
  input [W-1:0] x, input signed [99:0] wide, input [3:0][7:0] lanes,
  output signed [W:0] y, output [127:0] big);
  assign y = $signed({1'b0, x}); assign big = {wide[27:0], lanes, wide[63:0], 4'd0};
endmodule)");
        CHECK(port(ifc, "x").width == 12);
        CHECK_FALSE(port(ifc, "x").is_signed);
        CHECK(port(ifc, "wide").width == 100);
        CHECK(port(ifc, "wide").is_signed);
        CHECK(port(ifc, "lanes").width == 32);
        CHECK(port(ifc, "y").width == 13);
        CHECK(port(ifc, "y").is_signed);
        CHECK(port(ifc, "big").width == 128);
        REQUIRE(ifc.parameters.size() == 1);
        CHECK(ifc.parameters[0].name == "W");
        CHECK(ifc.parameters[0].value == "12");
    }

    TEST_CASE("classifies an asynchronous active-high reset from the sensitivity list") {
        const auto ifc = extract_ok(R"(
module TopModule (input clk, input areset, input d, output reg q);
  always @(posedge clk, posedge areset) if (areset) q <= 0; else q <= d;
endmodule)");
        REQUIRE(ifc.reset);
        CHECK(ifc.reset->name == "areset");
        CHECK_FALSE(ifc.reset->is_active_low);
        CHECK(ifc.reset->timing == ResetTiming::Async);
        const auto driven = ifc.driven_inputs();
        REQUIRE(driven.size() == 2);
        CHECK(driven[0].name == "areset");
    }

    TEST_CASE("classifies a synchronous active-low reset and a clock called clock") {
        const auto ifc = extract_ok(R"(
module TopModule (input logic Clock, input logic rst_n, input logic d, output logic q);
  always_ff @(posedge Clock) if (!rst_n) q <= 0; else q <= d;
endmodule)");
        CHECK(ifc.clock == "Clock");
        REQUIRE(ifc.reset);
        CHECK(ifc.reset->name == "rst_n");
        CHECK(ifc.reset->is_active_low);
        CHECK(ifc.reset->timing == ResetTiming::Sync);
    }

    TEST_CASE("takes clock and reset from hints, with the polarity the user gave") {
        const auto ifc = extract_ok(R"(
module TopModule (input ck, input clear, input d, output reg q);
  always @(posedge ck or negedge clear) if (!clear) q <= 0; else q <= d;
endmodule)",
                                    {.clock = "ck", .reset = "clear", .reset_active_low = true});
        CHECK(ifc.clock == "ck");
        REQUIRE(ifc.reset);
        CHECK(ifc.reset->is_active_low);
        CHECK(ifc.reset->timing == ResetTiming::Async);
    }

    TEST_CASE("refuses a hint that names no input port, as the user's error, listing the inputs") {
        auto ifc = extract_text("module TopModule (input a, output y); assign y = a; endmodule\n",
                                {.clock = "clk"});
        REQUIRE_FALSE(ifc);
        CHECK(ifc.error().kind == util::ErrorKind::Usage);
        CHECK(ifc.error().message.find("--clock clk") != std::string::npos);
        CHECK(ifc.error().message.find("its 1-bit inputs: a") != std::string::npos);
    }

    TEST_CASE("treats a reset-named input of a combinational design as data") {
        const auto ifc = extract_ok(
            "module TopModule (input reset, input a, output y);\n"
            "  assign y = a & ~reset;\nendmodule\n");
        CHECK_FALSE(ifc.is_sequential());
        CHECK_FALSE(ifc.reset);
    }

    TEST_CASE("reads an interface-only file: a module header with no body and no endmodule") {
        const auto ifc = extract_ok(
            "module TopModule (\n  input clk,\n  input resetn,\n"
            "  input [15:0] in,\n  output reg [15:0] out\n);\n");
        REQUIRE(ifc.ports.size() == 4);
        CHECK(port(ifc, "out").width == 16);
        REQUIRE(ifc.reset);
        CHECK(ifc.reset->is_active_low);
        CHECK(ifc.reset->timing == ResetTiming::Unknown);
    }

    TEST_CASE("reports a syntax error as an input error at the user's file and line") {
        auto ifc =
            extract_text("module TopModule (input a, output y);\n  assign y = a &;\nendmodule\n",
                         {}, "broken.sv");
        REQUIRE_FALSE(ifc);
        CHECK(ifc.error().kind == util::ErrorKind::Input);
        REQUIRE(ifc.error().where);
        CHECK(ifc.error().where->file.ends_with("broken.sv"));
        CHECK(ifc.error().where->line == 2);
        CHECK(ifc.error().what().find("rtlduet_design") == std::string::npos);
    }

    TEST_CASE("check_design answers Verilator's errors as the design's, every one of them") {
        auto dir = util::TempDir::create("rtlduet-extract-test-");
        REQUIRE(dir);
        const auto path = dir->path() / "broken.sv";
        REQUIRE(util::write_file(path,
                                 "module TopModule (input a, output y, output z);\n"
                                 "  assign y = a &;\n  assign z = a |;\nendmodule\n"));
        auto broken = hdl::check_design(test_sandbox(), path);
        REQUIRE(broken);
        CHECK_FALSE(broken->ifc);
        REQUIRE(broken->errors.size() >= 2);
        CHECK(broken->errors[0].line == 2);
        CHECK(broken->errors[1].line == 3);
        CHECK(broken->errors[0].file.ends_with("broken.sv"));

        // What only a lint's later passes reject (Verilator builds refuse it) passes the check.
        REQUIRE(util::write_file(path,
                                 "module TopModule (input clk, input r, input d, output reg q);\n"
                                 "  always @(posedge clk, posedge r)\n"
                                 "    if (r) q = 1'b0; else q <= d;\nendmodule\n"));
        auto accepted = hdl::check_design(test_sandbox(), path);
        REQUIRE(accepted);
        REQUIRE(accepted->ifc);
        CHECK(accepted->errors.empty());
        CHECK(accepted->ifc->ports.size() == 4);

        REQUIRE(util::write_file(path,
                                 "module a (input x, output y); assign y = x; endmodule\n"
                                 "module b (input x, output y); assign y = x; endmodule\n"));
        auto two_tops = hdl::check_design(test_sandbox(), path);
        REQUIRE_FALSE(two_tops);
        CHECK(two_tops.error().kind == util::ErrorKind::Usage);
    }

    TEST_CASE("takes a lone module of any name as the top when none is named") {
        auto ifc = extract_text("module Other (input a, output y); assign y = a; endmodule\n");
        REQUIRE(ifc);
        CHECK(ifc->module_name == "Other");
    }

    TEST_CASE("extracts VerilogEval reference designs of several kinds") {
        struct Case {
            const char* problem;
            std::size_t ports;
            int widest;
            const char* reset;
            ResetTiming timing;
        };
        const Case cases[] = {
            {"Prob001_zero", 1, 1, "", ResetTiming::Unknown},
            {"Prob023_vector100r", 2, 100, "", ResetTiming::Unknown},
            {"Prob018_mux256to1", 3, 256, "", ResetTiming::Unknown},
            {"Prob129_ece241_2013_q8", 4, 1, "aresetn", ResetTiming::Async},
            {"Prob155_lemmings4", 10, 1, "areset", ResetTiming::Async},
            {"Prob156_review2015_fancytimer", 7, 4, "reset", ResetTiming::Sync},
        };
        for (const Case& c : cases) {
            CAPTURE(c.problem);
            const auto ref = testing::shared_path(
                std::string("verilog-eval-v2/dataset_spec-to-rtl/") + c.problem + "_ref.sv");
            auto text = util::read_file(ref);
            REQUIRE(text);
            std::string renamed = *text;
            renamed.replace(renamed.find("RefModule"), 9, "TopModule");
            const auto ifc = extract_ok(renamed);
            CHECK(ifc.ports.size() == c.ports);
            int widest = 0;
            for (const hdl::Port& p : ifc.ports) {
                widest = std::max(widest, p.width);
            }
            CHECK(widest == c.widest);
            CHECK((ifc.reset ? ifc.reset->name : "") == std::string(c.reset));
            CHECK((ifc.reset ? ifc.reset->timing : ResetTiming::Unknown) == c.timing);
        }
    }
}

TEST_SUITE("hdl.extract.top") {
    constexpr std::string_view kHierarchy = R"(
module leaf (input a, output y); assign y = ~a; endmodule
module accu #(parameter WIDTH = 8, parameter signed [7:0] BIAS = -3, parameter DEPTH = 2 * WIDTH)
    (input clk, input [WIDTH-1:0] d, output [WIDTH-1:0] q, output [$clog2(DEPTH)-1:0] n);
  localparam HALF = WIDTH / 2;
  leaf u0 (.a(d[0]), .y(q[0]));
  assign q[WIDTH-1:1] = d[WIDTH-1:1];
  assign n = '0;
endmodule
)";

    util::Result<hdl::Interface> extract_with(std::string_view text,
                                              const hdl::Elaboration& elaboration) {
        auto dir = util::TempDir::create("rtlduet-extract-test-");
        REQUIRE(dir);
        REQUIRE(util::write_file(dir->path() / "design.sv", text));
        return hdl::extract_interface(test_sandbox(), dir->path() / "design.sv", {}, elaboration);
    }

    TEST_CASE("without a name the top is the module no other module instantiates") {
        const auto ifc = extract_ok(kHierarchy);
        CHECK(ifc.module_name == "accu");
        CHECK(port(ifc, "d").width == 8);
        CHECK(port(ifc, "n").width == 4);
    }

    TEST_CASE("the parameters come with their defaults, localparams left out") {
        const auto ifc = extract_ok(kHierarchy);
        REQUIRE(ifc.parameters.size() == 3);
        CHECK(ifc.parameters[0] == hdl::Parameter{.name = "WIDTH", .value = "8"});
        CHECK(ifc.parameters[1] == hdl::Parameter{.name = "BIAS", .value = "-3"});
        CHECK(ifc.parameters[2] == hdl::Parameter{.name = "DEPTH", .value = "16"});
    }

    TEST_CASE("an override changes the value and the widths that follow it") {
        auto ifc = extract_with(kHierarchy, {.parameters = {{.name = "WIDTH", .value = "5"}}});
        REQUIRE_MESSAGE(ifc, (ifc ? "" : ifc.error().what()));
        CHECK(port(*ifc, "d").width == 5);
        CHECK(port(*ifc, "n").width == 4);  // DEPTH = 10
        CHECK(ifc->parameters[0] ==
              hdl::Parameter{.name = "WIDTH", .value = "5", .is_overridden = true});
        CHECK(ifc->parameters[2].value == "10");
        CHECK(hdl::parameter_flags(*ifc) == std::vector<std::string>{"-GWIDTH=5"});
    }

    TEST_CASE("an override of a parameter the top lacks is a usage error") {
        auto ifc = extract_with(kHierarchy,
                                {.top = "accu", .parameters = {{.name = "NOPE", .value = "1"}}});
        REQUIRE_FALSE(ifc);
        CHECK(ifc.error().kind == util::ErrorKind::Usage);
        CHECK(ifc.error().what().find("NOPE") != std::string::npos);
    }

    TEST_CASE("a submodule can be chosen as the top by name") {
        auto ifc = extract_with(kHierarchy, {.top = "leaf"});
        REQUIRE(ifc);
        CHECK(ifc->module_name == "leaf");
        CHECK(ifc->ports.size() == 2);
    }

    TEST_CASE("a top name the design does not declare lists the modules it does") {
        auto ifc = extract_with(kHierarchy, {.top = "TopModule"});
        REQUIRE_FALSE(ifc);
        CHECK(ifc.error().kind == util::ErrorKind::Input);
        CHECK(ifc.error().what().find("no module named TopModule (modules declared: leaf, accu)") !=
              std::string::npos);
    }

    TEST_CASE("two modules that nothing instantiates are an error asking for --top") {
        auto ifc = extract_with(
            "module a (input x, output y); assign y = x; endmodule\n"
            "module b (input x, output y); assign y = x; endmodule\n",
            {});
        REQUIRE_FALSE(ifc);
        CHECK(ifc.error().kind == util::ErrorKind::Usage);
        CHECK(ifc.error().what().find("2 modules are instantiated by no other module (a, b)") !=
              std::string::npos);
    }

    TEST_CASE("parameter overrides are read as NAME=VALUE with integer literals") {
        CHECK(*hdl::parse_parameter_override("DEPTH=16") ==
              hdl::Parameter{.name = "DEPTH", .value = "16", .is_overridden = true});
        CHECK(hdl::parse_parameter_override("INIT=8'hff"));
        CHECK(hdl::parse_parameter_override("B=-3"));
        for (const char* bad : {"DEPTH", "=3", "D=x", "D=3;$system(\"x\")", "D=\"s\""}) {
            CAPTURE(bad);
            const auto parsed = hdl::parse_parameter_override(bad);
            REQUIRE_FALSE(parsed);
            CHECK(parsed.error().kind == util::ErrorKind::Usage);
        }
    }

    TEST_CASE(
        "a text parsed before takes its netlist from the cache, and a --param is another entry") {
        auto cache = util::TempDir::create("rtlduet-extract-cache-");
        auto dir = util::TempDir::create("rtlduet-extract-test-");
        REQUIRE(cache);
        REQUIRE(dir);
        const auto path = dir->path() / "design.sv";
        REQUIRE(util::write_file(path,
                                 "module TopModule #(parameter W = 4) (input [W-1:0] a,\n"
                                 "  output [W-1:0] y);\n  assign y = ~a;\nendmodule\n"));
        const auto entries = [&] { return testing::cache_entries(cache->path()); };
        auto first = hdl::extract_interface(test_sandbox(), path, {}, {}, cache->path());
        REQUIRE(first);
        REQUIRE(entries().size() == 1);
        // Rename the port in the stored netlist: the next extraction of the text shows it.
        const auto entry = entries().front();
        const util::ContentCache store(entry.parent_path().parent_path());
        auto fields = store.find(entry.filename().string());
        REQUIRE(fields);
        REQUIRE(fields->size() == 5);
        const std::string needle = "name=\"a\"";
        REQUIRE((*fields)[4].find(needle) != std::string::npos);
        std::string& netlist = (*fields)[4];
        for (auto at = netlist.find(needle); at != std::string::npos; at = netlist.find(needle)) {
            netlist.replace(at, needle.size(), "name=\"a_cached\"");
        }
        store.store(entry.filename().string(), *fields);
        auto second = hdl::extract_interface(test_sandbox(), path, {}, {}, cache->path());
        REQUIRE(second);
        CHECK(second->find("a_cached") != nullptr);
        CHECK(second->find("a") == nullptr);
        auto wide = hdl::extract_interface(
            test_sandbox(), path, {}, {.parameters = {{.name = "W", .value = "8"}}}, cache->path());
        REQUIRE(wide);
        REQUIRE(wide->find("a") != nullptr);
        CHECK(wide->find("a")->width == 8);
        CHECK(entries().size() == 2);
    }
}
