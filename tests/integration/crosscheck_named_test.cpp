// integration/crosscheck_named_test.cpp: `rtlduet crosscheck` on tops that are not VerilogEval's
// TopModule: RTLLM's accu by --top, a parameterised delay line with submodules in two files
// (-f, repeated --rtl), --param overrides on both simulators, and the model contract for
// parameterised tops.
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "support/run_binary.h"
#include "util/files.h"
#include "util/temp_dir.h"

namespace rtlduet::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

fs::path named_path(const std::string& relative) {
    return source_path("tests/data/crosscheck/named/" + relative);
}

BinaryRun crosscheck(std::vector<std::string> args) {
    args.insert(args.begin(), "crosscheck");
    return run_rtlduet(args, {}, std::chrono::seconds(300));
}

json json_of(const BinaryRun& run) {
    const json parsed = json::parse(run.out, nullptr, false);
    REQUIRE_MESSAGE(!parsed.is_discarded(), (run.out + run.err));
    return parsed;
}

// RTLLM's reference renamed as its testbench expects it, in a temporary copy.
struct AccuCopy {
    util::TempDir dir = std::move(*util::TempDir::create("rtlduet-accu-"));
    fs::path rtl = dir.path() / "accu.v";

    AccuCopy() {
        auto text =
            util::read_file(shared_path("rtllm-2.0/Arithmetic/Accumulator/accu/verified_accu.v"));
        REQUIRE(text);
        REQUIRE(
            util::write_file(rtl, std::regex_replace(*text, std::regex("verified_accu"), "accu")));
    }
};

std::vector<std::string> delay_line(std::vector<std::string> extra) {
    std::vector<std::string> args = {"-f",      named_path("delay_line/design.f").string(),
                                     "--model", named_path("delay_line/model.py").string(),
                                     "--json",  "--vectors",
                                     "300"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
}

TEST_SUITE("integration.crosscheck_named") {
    TEST_CASE("crosscheck --top accu agrees on RTLLM's accu reference on both simulators") {
        const AccuCopy accu;
        for (const char* sim : {"verilator", "iverilog"}) {
            CAPTURE(sim);
            const BinaryRun run = crosscheck({"--rtl", accu.rtl.string(), "--top", "accu",
                                              "--model", named_path("accu_model.py").string(),
                                              "--sim", sim, "--json", "--vectors", "2000"});
            CHECK_MESSAGE(run.exit_code == 0, (run.out + run.err));
            const json out = json_of(run);
            CHECK(out["verdict"] == "agree");
            CHECK(out["top"] == json{{"name", "accu"}, {"source", "option"}});
            CHECK(out["interface"]["module"] == "accu");
            CHECK(out["interface"]["reset"]["name"] == "rst_n");
            CHECK(run.err.find("top module: accu (--top)") != std::string::npos);
        }
    }

    TEST_CASE("a --top the design does not declare is refused before simulation") {
        const AccuCopy accu;
        const BinaryRun run = crosscheck({"--rtl", accu.rtl.string(), "--top", "TopModule",
                                          "--model", named_path("accu_model.py").string()});
        CHECK(run.exit_code == 1);
        CHECK(run.out.find("no `module TopModule` declaration") != std::string::npos);
    }

    TEST_CASE("a model class named after neither the top nor TopModule is a load error") {
        const AccuCopy accu;
        const fs::path model = accu.dir.path() / "model.py";
        REQUIRE(util::write_file(model,
                                 "class Accumulator:\n    def eval(self, inputs):\n"
                                 "        return {}\n"));
        const BinaryRun run =
            crosscheck({"--rtl", accu.rtl.string(), "--model", model.string(), "--json"});
        CHECK(run.exit_code == 1);
        const json out = json_of(run);
        CHECK(out["verdict"] == "model_error");
        CHECK(out["top"] == json{{"name", "accu"}, {"source", "design"}});
        CHECK(out["errors"][0]["error"] == "load");
        CHECK(out["errors"][0]["message"] == "the model file defines no class accu (or TopModule)");
    }

    TEST_CASE("a file list gives a hierarchical parameterised design whose top is found") {
        const BinaryRun run = crosscheck(delay_line({"--sim", "iverilog"}));
        CHECK_MESSAGE(run.exit_code == 0, (run.out + run.err));
        const json out = json_of(run);
        CHECK(out["verdict"] == "agree");
        CHECK(out["top"] == json{{"name", "delay_line"}, {"source", "design"}});
        CHECK(out["interface"]["parameters"] ==
              json::parse(R"([{"name": "WIDTH", "value": "8", "overridden": false},
                              {"name": "STAGES", "value": "3", "overridden": false}])"));
        CHECK(out["interface"]["ports"][2]["width"] == 8);
        CHECK(run.err.find("top module: delay_line (the only module no other module "
                           "instantiates)") != std::string::npos);
    }

    TEST_CASE("--param overrides reach both simulators, the widths and the model") {
        for (const char* sim : {"verilator", "iverilog"}) {
            CAPTURE(sim);
            const BinaryRun run =
                crosscheck(delay_line({"--sim", sim, "--param", "WIDTH=5", "--param", "STAGES=6"}));
            CHECK_MESSAGE(run.exit_code == 0, (run.out + run.err));
            const json out = json_of(run);
            CHECK(out["verdict"] == "agree");
            CHECK(out["interface"]["ports"][2]["name"] == "d");
            CHECK(out["interface"]["ports"][2]["width"] == 5);
            CHECK(out["interface"]["parameters"][1] ==
                  json{{"name", "STAGES"}, {"value", "6"}, {"overridden", true}});
        }
    }

    TEST_CASE("a model of the defaults that takes no parameters is refused only under --param") {
        const std::vector<std::string> args = {
            "-f", named_path("delay_line/design.f").string(), "--model",
            named_path("delay_line/model_without_parameters.py").string(), "--json"};
        const BinaryRun defaults = crosscheck(args);
        CHECK_MESSAGE(defaults.exit_code == 0, (defaults.out + defaults.err));
        auto overridden_args = args;
        overridden_args.insert(overridden_args.end(), {"--param", "STAGES=4"});
        const BinaryRun overridden = crosscheck(overridden_args);
        CHECK(overridden.exit_code == 1);
        const json out = json_of(overridden);
        CHECK(out["verdict"] == "model_error");
        CHECK(out["errors"][0]["error"] == "load");
        CHECK(out["errors"][0]["message"] ==
              "--param overrides STAGES, but TopModule.__init__ does not take it: take every "
              "parameter as a keyword argument, e.g. def __init__(self, WIDTH=8, STAGES=4)");
    }

    TEST_CASE(
        "repeated --rtl files are one design, and a build error names its own file and line") {
        const BinaryRun run = crosscheck({"--rtl", named_path("delay_line/stages.v").string(),
                                          "--rtl", named_path("delay_line/delay_line.v").string(),
                                          "--model", named_path("delay_line/model.py").string(),
                                          "--top", "delay_line", "--vectors", "100"});
        CHECK_MESSAGE(run.exit_code == 0, (run.out + run.err));
        const BinaryRun broken =
            crosscheck({"--rtl", named_path("delay_line/broken_stage.v").string(), "--rtl",
                        named_path("delay_line/delay_line.v").string(), "--model",
                        named_path("delay_line/model.py").string(), "--json"});
        CHECK(broken.exit_code == 1);
        const json out = json_of(broken);
        CHECK(out["verdict"] == "rtl_error");
        CHECK(out["reason"].get<std::string>().find("broken_stage.v:5") != std::string::npos);
    }

    TEST_CASE("a --param the top lacks, or a malformed one, is a usage error") {
        const BinaryRun unknown = crosscheck(delay_line({"--param", "DEPTH=4"}));
        CHECK(unknown.exit_code == 2);
        CHECK(unknown.err.find("DEPTH") != std::string::npos);
        const BinaryRun malformed = crosscheck(delay_line({"--param", "WIDTH"}));
        CHECK(malformed.exit_code == 2);
    }

    TEST_CASE("two modules that nothing instantiates need --top") {
        const BinaryRun run = crosscheck({"--rtl", named_path("delay_line/stages.v").string(),
                                          "--model", named_path("delay_line/model.py").string()});
        CHECK(run.exit_code == 2);
        CHECK(run.err.find("name the top with --top") != std::string::npos);
    }
}

}  // namespace
}  // namespace rtlduet::testing
