// `rtlduet run` and `rtlduet eval` on RTLLM 2.0 through the binary: the flow reads the design's
// design_description.txt, asks for the module its testbench instantiates, and the result is
// scored by RTLLM's own testbench. The scripted endpoint answers with RTLLM's accu reference
// (renamed as its testbench expects) and a Python model of it.
#include <regex>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "fake_llm/fake_llm_server.h"
#include "support/run_binary.h"
#include "util/files.h"
#include "util/temp_dir.h"

using nlohmann::json;
using rtlduet::testing::run_rtlduet;
using rtlduet::testing::shared_path;
using rtlduet::testing::source_path;
namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& path) {
    auto text = rtlduet::util::read_file(path);
    REQUIRE(text);
    return *text;
}

const fs::path kAccu = shared_path("rtllm-2.0/Arithmetic/Accumulator/accu");

json accu_script() {
    const std::string rtl = std::regex_replace(read(kAccu / "verified_accu.v"),
                                               std::regex("verified_accu"), "accu");
    const std::string model = read(source_path("tests/data/crosscheck/named/accu_model.py"));
    return {{"rules",
             {{{"agent", "rtl"}, {"replies", {{{"content", "```verilog\n" + rtl + "\n```\n"}}}}},
              {{"agent", "model"},
               {"replies", {{{"content", "```python\n" + model + "```\n"}}}}}}}};
}

struct AccuCase {
    rtlduet::util::TempDir dir = std::move(*rtlduet::util::TempDir::create("rtlduet-rtllm-"));
    rtlduet::fake_llm::FakeLlmServer server;
    AccuCase() {
        REQUIRE(server.load_script(accu_script().dump()));
        REQUIRE(server.start());
    }
    std::string first_rtl_prompt() {
        for (const auto& request : server.chat_requests()) {
            if (request.agent == "rtl") {
                return request.body["messages"].dump();
            }
        }
        return {};
    }
};

}  // namespace

TEST_SUITE("integration.flow_suites") {
    TEST_CASE("run on RTLLM's design_description.txt names the top from the spec: accu.sv") {
        AccuCase c;
        const fs::path out = c.dir.path() / "out";
        const auto run = run_rtlduet({"run", (kAccu / "design_description.txt").string(), "-n",
                                      "1", "-t", "1", "--sim", "iverilog", "--endpoint",
                                      c.server.base_url(), "--out", out.string()},
                                     c.dir.path(), std::chrono::seconds(240));
        CHECK_MESSAGE(run.exit_code == 0, (run.out + run.err));
        CHECK(fs::exists(out / "accu.sv"));
        const json report = json::parse(read(out / "report.json"));
        CHECK(report["top"]["name"] == "accu");
        CHECK(report["verdict"] == "agreed");
        CHECK(c.first_rtl_prompt().find("accu") != std::string::npos);
    }

    TEST_CASE("eval over RTLLM: the flow's accu passes RTLLM's own testbench") {
        AccuCase c;
        const fs::path out = c.dir.path() / "out";
        const auto run = run_rtlduet(
            {"eval", "--suite", shared_path("rtllm-2.0").string(), "--problems", "accu", "-n", "1",
             "-t", "1", "--sim", "iverilog", "--vectors", "300", "--endpoint",
             c.server.base_url(), "--out", out.string()},
            c.dir.path(), std::chrono::seconds(300));
        REQUIRE_MESSAGE(run.exit_code == 0, (run.out + run.err));
        const json result = json::parse(read(out / "results.jsonl"));
        CHECK(result["problem"] == "accu");
        CHECK(result["verdict"] == "pass");
        CHECK(result["flow_verdict"] == "agreed");
        CHECK(fs::exists(out / "accu" / "sample01" / "accu.sv"));
        // The design description is the spec the writer saw.
        const std::string spec = read(kAccu / "design_description.txt");
        const std::string first_line = spec.substr(0, spec.find('\n'));
        CHECK(c.first_rtl_prompt().find(json(first_line).dump().substr(1, 20)) !=
              std::string::npos);
    }
}
