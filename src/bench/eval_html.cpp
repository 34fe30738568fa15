// bench/eval_html.cpp: report.html of `eval` and `merge`: score's page with the flow's verdict
// against the official testbench's, in total and per sample, from the same EvalFigures that
// summary.json's "eval" object is written from.
#include <algorithm>

#include <fmt/format.h>

#include "bench/detail/summary_html.h"
#include "bench/eval_results.h"
#include "html/html.h"

namespace rtlduet::bench {
namespace {

using html::escape;
using html::fixed;

std::string against_rows(const EvalFigures& figures) {
    std::vector<std::string> flows = {"agreed", "best-effort", "failed"};
    for (const auto& [flow, counts] : figures.flow_against_official) {
        if (std::find(flows.begin(), flows.end(), flow) == flows.end()) {
            flows.push_back(flow);
        }
    }
    std::string rows;
    for (const std::string& flow : flows) {
        const auto found = figures.flow_against_official.find(flow);
        const OfficialCounts counts =
            found == figures.flow_against_official.end() ? OfficialCounts{} : found->second;
        const bool is_alarm = flow == "agreed" && counts.not_pass > 0;
        rows += fmt::format(
            "<tr{0}><td><span class=\"badge v-{1}\">{1}</span></td><td class=\"num\">{2}</td>"
            "<td class=\"num\" id=\"against-{1}-pass\">{3}</td>"
            "<td class=\"num\" id=\"against-{1}-not_pass\">{4}</td></tr>\n",
            is_alarm ? " class=\"alarm\"" : "", escape(flow), counts.pass + counts.not_pass,
            counts.pass, counts.not_pass);
    }
    return rows;
}

std::string flow_section(const EvalFigures& figures) {
    const auto agreed = figures.flow_against_official.find("agreed");
    const int agreed_failed =
        agreed == figures.flow_against_official.end() ? 0 : agreed->second.not_pass;
    return fmt::format(
        "<h2>The flow's verdict against the official testbench</h2>\n"
        "<p>Agreement that the testbench fails is what the flow must drive down: <strong "
        "id=\"agreed-but-failed\">{}</strong> of {} pairs agreed and failed "
        "(marked red in the samples).</p>\n"
        "<table id=\"flow-against-official\"><thead><tr><th>flow verdict</th><th>pairs</th>"
        "<th>testbench pass</th><th>testbench not pass</th></tr></thead><tbody>\n{}"
        "</tbody></table>\n<p id=\"eval-totals\">Mean turns <span id=\"mean-turns\">{}</span>; "
        "tokens {} prompt, {} completion; {} s of LLM requests, {} s of simulation, {} "
        "simulator builds, {} s wall summed over pairs.</p>\n",
        agreed_failed, figures.records.size(), against_rows(figures), fixed(figures.mean_turns, 2),
        figures.prompt_tokens, figures.completion_tokens, fixed(figures.llm_seconds, 1),
        fixed(figures.sim_seconds, 1), figures.sim_builds, fixed(figures.wall_seconds, 1));
}

}  // namespace

std::string render_eval_html(const Summary& summary, const EvalFigures& figures, bool link_pairs) {
    return html::document("rtlduet eval: " + summary.suite,
                          detail::summary_figures(summary, "eval") + flow_section(figures) +
                              detail::problems_table(summary) +
                              detail::samples_table(summary, &figures, link_pairs));
}

}  // namespace rtlduet::bench
