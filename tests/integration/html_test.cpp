// report.html of `score`, `eval` and `run` loaded in a real headless chromium: it renders (the
// page's script ran, the tables and SVG are in the DOM), nothing leaves the page (every
// request chromium makes goes to a recording proxy), the numbers shown are those of
// summary.json and report.json, and hostile text in a design stays text.
#include <algorithm>
#include <map>
#include <regex>

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "fake_llm/fake_llm_server.h"
#include "integration/html_browser.h"
#include "support/run_binary.h"
#include "util/files.h"
#include "util/temp_dir.h"

using rtlduet::testing::all_matches;
using rtlduet::testing::Browser;
using rtlduet::testing::by_id;
using rtlduet::testing::check_self_contained;
using rtlduet::testing::count;
using rtlduet::testing::has_chromium;
using rtlduet::testing::run_rtlduet;
using rtlduet::testing::source_path;
using rtlduet::testing::text_of;
using Json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& path) {
    auto text = rtlduet::util::read_file(path);
    REQUIRE(text);
    return *text;
}

std::string fixed4(const Json& value) {
    return fmt::format("{:.4f}", value.get<double>());
}

fs::path mini(const std::string& file) {
    return source_path("benchmarks/rtlduet-mini") / file;
}

std::string fenced(const std::string& language, const std::string& code) {
    return "```" + language + "\n" + code + "```\n";
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const std::size_t at = text.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, from);
    return text.replace(at, from.size(), to);
}

std::string golden_design(const std::string& problem) {
    return rtlduet::testing::golden_sample(mini(""), problem);
}

// Prob001: design and model both drop d from the parity, so the flow agrees on a design the
// testbench fails. Prob002: both right. Prob007: the model never counts down (best-effort,
// and the right design passes).
Json eval_script() {
    const std::map<std::string, std::pair<std::string, std::string>> pairs = {
        {"Prob001_majority_parity",
         {replaced(golden_design("Prob001_majority_parity"), "a ^ b ^ c ^ d", "a ^ b ^ c"),
          replaced(read(mini("models/Prob001_majority_parity.py")), "a ^ b ^ c ^ d", "a ^ b ^ c")}},
        {"Prob002_priority_enc8",
         {golden_design("Prob002_priority_enc8"), read(mini("models/Prob002_priority_enc8.py"))}},
        {"Prob007_updown_counter_en",
         {golden_design("Prob007_updown_counter_en"),
          replaced(read(mini("models/Prob007_updown_counter_en.py")),
                   "(1 if inputs[\"up\"] else -1)", "1")}}};
    Json rules = Json::array();
    for (const auto& [problem, code] : pairs) {
        const std::string prompt = read(mini(problem + "_prompt.txt"));
        const std::string first_line = prompt.substr(0, prompt.find('\n'));
        rules.push_back({{"agent", "rtl"},
                         {"contains", first_line},
                         {"replies", {{{"content", fenced("verilog", code.first)}}}}});
        rules.push_back({{"agent", "model"},
                         {"contains", first_line},
                         {"replies", {{{"content", fenced("python", code.second)}}}}});
    }
    return {{"rules", rules}};
}

const char* kHostile =
    "// </script><script>document.body.dataset.pwned='1'</script><img "
    "src=\"http://rtlduet-test.invalid/x.png\" onerror=\"document.body.dataset.pwned='1'\">\n";

// Turn 1: a counter that ignores enable, with markup in a comment; turn 2: one that wraps at 9.
Json run_script() {
    const std::string ports =
        "module TopModule (input clk, input reset, input enable, output reg [3:0] count);\n"
        "  always @(posedge clk) begin\n    if (reset) count <= 4'd0;\n";
    const std::string ignores =
        std::string(kHostile) + ports + "    else count <= count + 4'd1;\n  end\nendmodule\n";
    const std::string wraps =
        ports +
        "    else if (enable) count <= (count == 4'd9) ? 4'd0 : count + 4'd1;\n"
        "  end\nendmodule\n";
    const std::string model =
        "class TopModule:\n    def __init__(self):\n        self.count = 0\n"
        "    def outputs(self, inputs):\n        return {\"count\": self.count}\n"
        "    def eval(self, inputs):\n        if inputs[\"reset\"]:\n            self.count = 0\n"
        "        elif inputs[\"enable\"]:\n            self.count = (self.count + 1) & 0xF\n"
        "        return {\"count\": self.count}\n";
    return {
        {"rules",
         {{{"agent", "rtl"},
           {"replies",
            {{{"content", fenced("verilog", ignores)}}, {{"content", fenced("verilog", wraps)}}}},
           {"then", "repeat"}},
          {{"agent", "model"},
           {"replies", {{{"content", fenced("python", model)}}}},
           {"then", "repeat"}}}}};
}

// Rows of the samples table as (data-alarm, hidden).
std::vector<std::pair<std::string, bool>> alarm_rows(const std::string& dom) {
    std::vector<std::pair<std::string, bool>> rows;
    for (const std::string& tag : all_matches(dom, R"re((<tr[^>]*data-alarm="[01]"[^>]*>))re")) {
        rows.emplace_back(tag.find("data-alarm=\"1\"") != std::string::npos ? "1" : "0",
                          tag.find(" hidden") != std::string::npos);
    }
    return rows;
}

}  // namespace

TEST_SUITE("integration.html") {
    TEST_CASE("the request recorder sees a page that loads something from outside") {
        if (!has_chromium()) {
            return;
        }
        auto dir = rtlduet::util::TempDir::create("rtlduet-html-");
        const fs::path page = dir->path() / "control.html";
        REQUIRE(rtlduet::util::write_file_atomic(
            page,
            "<!DOCTYPE html><html><body><img src=\"http://rtlduet-control.invalid/x.png\">"
            "</body></html>\n"));
        Browser browser;
        browser.dom(page);
        const auto requests = browser.recorder.page_requests();
        CHECK(std::any_of(requests.begin(), requests.end(), [](const std::string& line) {
            return line.find("rtlduet-control.invalid") != std::string::npos;
        }));
    }

    TEST_CASE("score --html writes a page that renders offline with summary.json's figures") {
        if (!has_chromium()) {
            return;
        }
        auto dir = rtlduet::util::TempDir::create("rtlduet-html-");
        const fs::path samples = dir->path() / "samples.jsonl";
        const Json lines[] = {
            {{"problem", "Prob001_majority_parity"},
             {"sample", 1},
             {"completion", fenced("verilog", golden_design("Prob001_majority_parity"))}},
            {{"problem", "Prob001_majority_parity"},
             {"sample", 2},
             {"completion", fenced("verilog", std::string(kHostile) + "module TopModule(")}},
            {{"problem", "Prob002_priority_enc8"},
             {"sample", 1},
             {"completion", fenced("verilog", golden_design("Prob002_priority_enc8"))}}};
        std::string text;
        for (const Json& line : lines) {
            text += line.dump() + "\n";
        }
        REQUIRE(rtlduet::util::write_file_atomic(samples, text));
        const auto run =
            run_rtlduet({"score", "--suite", source_path("benchmarks/rtlduet-mini"), "--samples",
                         samples.string(), "--problems", "Prob001*,Prob002*", "--json",
                         "summary.json", "--html", "report.html"},
                        dir->path());
        INFO(run.err);
        REQUIRE(run.exit_code == 0);
        const Json summary = Json::parse(read(dir->path() / "summary.json"));
        Browser browser;
        const std::string dom = browser.dom(dir->path() / "report.html");
        check_self_contained(dom, browser);
        CHECK(by_id(dom, "pass-at-1") == fixed4(summary["pass_at_1"]));
        CHECK(by_id(dom, "official-pass-at-1") == fixed4(summary["official_pass_at_1"]));
        for (const auto& [k, value] : summary["pass_at_k"].items()) {
            CHECK(by_id(dom, "pass-at-k-" + k) == fixed4(value));
        }
        for (const auto& [verdict, n] : summary["verdicts"].items()) {
            CHECK(by_id(dom, "verdict-" + verdict) == std::to_string(n.get<int>()));
        }
        CHECK(summary["verdicts"]["compile_error"] == 1);
        CHECK(by_id(dom, "problem-count") == std::to_string(summary["problems"].get<int>()));
        CHECK(count(dom, "<tr data-key=") ==
              summary["per_problem"].size() + summary["results"].size());
        CHECK(all_matches(dom, R"re(data-field="pass_at_1">([^<]*)<)re") ==
              std::vector<std::string>{fixed4(summary["per_problem"][0]["pass_at_1"]),
                                       fixed4(summary["per_problem"][1]["pass_at_1"])});
    }

    TEST_CASE("eval's report.html sets apart what the flow agreed on and the testbench failed") {
        if (!has_chromium()) {
            return;
        }
        auto dir = rtlduet::util::TempDir::create("rtlduet-html-");
        rtlduet::fake_llm::FakeLlmServer server;
        REQUIRE(server.load_script(eval_script().dump()));
        REQUIRE(server.start());
        const fs::path out = dir->path() / "eval";
        const auto run = run_rtlduet(
            {"eval", "--suite", source_path("benchmarks/rtlduet-mini").string(), "--problems",
             "Prob001*,Prob002*,Prob007*", "-n", "1", "-t", "1", "--vectors", "200", "--sim",
             "iverilog", "--endpoint", server.base_url(), "--out", out.string()},
            dir->path(), std::chrono::seconds(240));
        INFO(run.err);
        REQUIRE(run.exit_code == 0);
        const Json summary = Json::parse(read(out / "summary.json"));
        const Json& against = summary["eval"]["flow_against_official"];
        REQUIRE(against["agreed"]["not_pass"] == 1);
        Browser browser;
        const std::string dom = browser.dom(out / "report.html");
        check_self_contained(dom, browser);
        CHECK(by_id(dom, "pass-at-1") == fixed4(summary["pass_at_1"]));
        for (const char* flow : {"agreed", "best-effort", "failed"}) {
            for (const char* official : {"pass", "not_pass"}) {
                const int expected =
                    against.contains(flow) ? against[flow][official].get<int>() : 0;
                CHECK(by_id(dom, fmt::format("against-{}-{}", flow, official)) ==
                      std::to_string(expected));
            }
        }
        CHECK(by_id(dom, "agreed-but-failed") == "1");
        const auto rows = alarm_rows(dom);
        CHECK(rows.size() == summary["results"].size());
        CHECK(std::count(rows.begin(), rows.end(), std::pair<std::string, bool>{"1", false}) == 1);
        CHECK(dom.find("class=\"alarm\" data-key=\"Prob001_majority_parity\"") !=
              std::string::npos);
        for (const std::string& link : all_matches(dom, R"re(href="([^"]*report\.html)")re")) {
            CHECK_MESSAGE(fs::exists(out / link), link);
        }
        CHECK(count(dom, "pair report</a>") == summary["results"].size());

        // The filter in the page's script, preset from the address: only the alarm row stays.
        const auto filtered = alarm_rows(browser.dom(out / "report.html", "#alarm=1"));
        REQUIRE(filtered.size() == rows.size());
        for (const auto& [alarm, is_hidden] : filtered) {
            CHECK(is_hidden == (alarm == "0"));
        }
    }

    TEST_CASE("run's report.html: match rate per turn, diffs, the first mismatch as a waveform") {
        if (!has_chromium()) {
            return;
        }
        auto dir = rtlduet::util::TempDir::create("rtlduet-html-");
        rtlduet::fake_llm::FakeLlmServer server;
        REQUIRE(server.load_script(run_script().dump()));
        REQUIRE(server.start());
        const fs::path out = dir->path() / "out";
        const auto run = run_rtlduet(
            {"run", source_path("benchmarks/examples/counter/spec.txt").string(), "-n", "1", "-t",
             "2", "--sim", "iverilog", "--endpoint", server.base_url(), "--out", out.string()},
            dir->path(), std::chrono::seconds(240));
        INFO(run.err);
        REQUIRE(run.exit_code == 1);
        const Json report = Json::parse(read(out / "report.json"));
        Browser browser;
        const std::string dom = browser.dom(out / "report.html");
        check_self_contained(dom, browser);

        // The hostile comment is text: no element, no script ran, shown escaped.
        CHECK(dom.find("data-pwned") == std::string::npos);
        CHECK(dom.find("&lt;/script&gt;&lt;script&gt;document.body.dataset.pwned") !=
              std::string::npos);

        CHECK(by_id(dom, "verdict") == report["verdict"].get<std::string>());
        CHECK(by_id(dom, "turns-to-agreement") == "not agreed in 2 turns");
        CHECK(by_id(dom, "best-match-rate") == fixed4(report["best_pair"]["match_rate"]));
        const std::string confirmation = by_id(dom, "confirmation");
        CHECK(confirmation.rfind(report["best_pair"]["confirmation"]["status"].get<std::string>(),
                                 0) == 0);
        const std::string final_design = by_id(dom, "final-design");
        REQUIRE(report["final"]["compiles"].is_object());
        for (const auto& [simulator, compiles] : report["final"]["compiles"].items()) {
            CHECK(final_design.find(simulator + (compiles.get<bool>() ? " builds" : " does not")) !=
                  std::string::npos);
        }
        std::vector<std::string> rates;
        std::vector<std::string> best_of_turn;
        for (const Json& turn : report["turns"]) {
            for (const Json& pair : turn["pairs"]) {
                rates.push_back(
                    fmt::format("{} {}", turn["turn"].get<int>(), fixed4(pair["match_rate"])));
            }
            best_of_turn.push_back(fixed4(turn["best_of_turn"]["match_rate"]));
        }
        std::vector<std::string> drawn;
        for (const std::string& circle : all_matches(dom, R"((<circle[^>]*>))")) {
            std::smatch m;
            REQUIRE(std::regex_search(circle, m,
                                      std::regex(R"re(data-x="(\d+)" data-y="([0-9.]+)")re")));
            drawn.push_back(fmt::format("{} {}", m[1].str(), m[2].str()));
        }
        CHECK(drawn == rates);
        CHECK(all_matches(dom, R"re(data-field="best_of_turn">([^<]*)<)re") == best_of_turn);

        const Json& first = report["best_pair"]["first_mismatch"];
        for (const char* field : {"phase", "signal", "rtl", "model", "xor"}) {
            CHECK(text_of(dom, fmt::format("data-field=\"{}\"", field)) ==
                  first[field].get<std::string>());
        }
        CHECK(text_of(dom, "data-field=\"row\"") == std::to_string(first["row"].get<int>()));
        const auto marked =
            all_matches(dom, R"re(<rect class="mismatch"[^>]*data-value="([^"]*)")re");
        CHECK(std::find(marked.begin(), marked.end(), first["rtl"]) != marked.end());
        CHECK(std::find(marked.begin(), marked.end(), first["model"]) != marked.end());
        for (const auto& [input, value] : first["inputs"].items()) {
            CHECK_MESSAGE(dom.find("data-lane=\"" + input + "\"") != std::string::npos, input);
        }
        CHECK(dom.find("data-file=\"turns/2/rtl-1.sv\"") != std::string::npos);
        CHECK(count(dom, "<span class=\"add\">") >= 1);
        CHECK(count(dom, "<span class=\"del\">") >= 1);

        const fs::path png = dir->path() / "run.png";
        browser.run("file://" + (out / "report.html").string(),
                    {"--window-size=1280,2000", "--screenshot=" + png.string()});
        CHECK(fs::exists(png));
        CHECK(fs::file_size(png) > 20000);
    }
}
