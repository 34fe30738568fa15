// bench/summary_html.cpp: report.html of `score` (and the parts `eval` shares), written from
// the Summary that summary.json is written from. Problem names, reasons and log tails come
// from suites, compilers and generated designs: all of it is escaped.
#include "bench/detail/summary_html.h"

#include <cctype>
#include <map>

#include <fmt/format.h>

#include "html/html.h"
#include "html/svg.h"

namespace rtlduet::bench {
namespace {

using html::escape;
using html::fixed;

constexpr Verdict kVerdicts[] = {Verdict::Pass,    Verdict::Fail,    Verdict::CompileError,
                                 Verdict::Timeout, Verdict::Skipped, Verdict::Error};

int count_of(const VerdictCounts& counts, Verdict verdict) {
    const int values[] = {counts.pass,    counts.fail,    counts.compile_error,
                          counts.timeout, counts.skipped, counts.error};
    return values[static_cast<int>(verdict)];
}

std::string fact(std::string_view name, std::string_view id, const std::string& value_html) {
    return fmt::format("<tr><th>{}</th><td id=\"{}\">{}</td></tr>\n", name, id, value_html);
}

std::string pass_at_k_table(const Summary& summary) {
    std::string head;
    std::string cells;
    for (const auto& [k, value] : summary.pass_at_k) {
        head += fmt::format("<th class=\"num\">pass@{}</th>", k);
        cells += fmt::format("<td class=\"num\" id=\"pass-at-k-{}\">{}</td>", k, fixed(value));
    }
    if (head.empty()) {
        return "<p>No problem was scored.</p>\n";
    }
    return "<table id=\"pass-at-k\"><thead><tr>" + head + "</tr></thead><tbody><tr>" + cells +
           "</tr></tbody></table>\n";
}

std::string verdicts_block(const Summary& summary) {
    std::string head;
    std::string cells;
    std::vector<html::BarPart> parts;
    for (const Verdict verdict : kVerdicts) {
        const std::string name(to_string(verdict));
        const int count = count_of(summary.verdicts, verdict);
        head += "<th class=\"num\">" + name + "</th>";
        cells += fmt::format("<td class=\"num\" id=\"verdict-{}\">{}</td>", name, count);
        parts.push_back({.label = name, .count = count, .css_class = "v-" + name});
    }
    return "<h2>Verdicts by kind</h2>\n<table id=\"verdicts\"><thead><tr>" + head +
           "</tr></thead><tbody><tr>" + cells + "</tr></tbody></table>\n" +
           html::stacked_bar(parts);
}

std::string errata_block(const Summary& summary) {
    if (summary.errata.empty() && summary.problem_errata.empty()) {
        return "";
    }
    std::string items;
    for (const std::string& erratum : summary.errata) {
        items += "<li>" + escape(erratum) + "</li>\n";
    }
    for (const Erratum& erratum : summary.problem_errata) {
        items += fmt::format("<li><code>{}</code> ({}): {}</li>\n", escape(erratum.problem),
                             escape(erratum.handling), escape(erratum.reason));
    }
    return "<h2>Errata</h2>\n<ul id=\"errata\">\n" + items + "</ul>\n";
}

std::string select(std::string_view name, std::string_view label,
                   const std::vector<std::string>& values) {
    std::string options = "<option value=\"\">all</option>";
    for (const std::string& value : values) {
        options += fmt::format("<option value=\"{0}\">{0}</option>", escape(value));
    }
    return fmt::format("<label>{} <select name=\"{}\">{}</select></label>\n", label, name, options);
}

std::string text_filter() {
    return "<label>problem <input type=\"search\" name=\"q\" placeholder=\"name contains\">"
           "</label>\n";
}

std::vector<std::string> verdict_names() {
    std::vector<std::string> names;
    for (const Verdict verdict : kVerdicts) {
        names.emplace_back(to_string(verdict));
    }
    return names;
}

std::string outcome_of(const ProblemRow& row) {
    const int scored = row.counts.total() - row.counts.skipped;
    if (scored == 0) {
        return "skipped";
    }
    return row.counts.pass == scored ? "all pass"
           : row.counts.pass == 0    ? "none pass"
                                     : "some pass";
}

// A problem name as one path segment of a relative link.
std::string path_segment(std::string_view name) {
    std::string out;
    for (const char c : name) {
        const bool is_plain =
            std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '.';
        out += is_plain
                   ? std::string(1, c)
                   : fmt::format("%{:02X}", static_cast<unsigned>(static_cast<unsigned char>(c)));
    }
    return out;
}

std::string flow_cells(const SampleResult& r, const EvalRecord* record, bool link_pairs) {
    if (record == nullptr) {
        return "<td>-</td><td class=\"num\">-</td><td class=\"num\">-</td><td></td>";
    }
    const std::string link =
        link_pairs ? fmt::format("<a href=\"{}/sample{:02}/report.html\">pair report</a>",
                                 escape(path_segment(r.problem)), r.sample)
                   : "";
    return fmt::format(
        "<td><span class=\"badge v-{0}\">{0}</span></td><td class=\"num\">{1}</td>"
        "<td class=\"num\" data-field=\"match_rate\">{2}</td><td>{3}</td>",
        escape(record->flow_verdict), record->turns, fixed(record->match_rate), link);
}

std::string sample_row(const SampleResult& r, const EvalRecord* record, bool has_flow,
                       bool link_pairs) {
    const std::string verdict(to_string(r.verdict));
    const std::string official(to_string(r.official_verdict));
    const bool is_alarm =
        record != nullptr && record->flow_verdict == "agreed" && r.verdict != Verdict::Pass;
    std::string reason = escape(r.reason);
    if (!r.log_tail.empty()) {
        reason += "<details><summary>log</summary><pre>" + escape(r.log_tail) + "</pre></details>";
    }
    return fmt::format(
        "<tr{0} data-key=\"{1}\" data-verdict=\"{2}\" data-official=\"{3}\" "
        "data-flow=\"{4}\" data-alarm=\"{5}\"><td><code>{1}</code></td><td class=\"num\">{6}"
        "</td><td><span class=\"badge v-{2}\">{2}</span></td><td>{3}</td>{7}<td>{8}</td>"
        "<td class=\"num\">{9}</td><td>{10}</td></tr>\n",
        is_alarm ? " class=\"alarm\"" : "", escape(r.problem), verdict, official,
        record != nullptr ? escape(record->flow_verdict) : "", is_alarm ? "1" : "0", r.sample,
        has_flow ? flow_cells(r, record, link_pairs) : "", escape(r.simulator), fixed(r.seconds, 2),
        reason);
}

}  // namespace

namespace detail {

std::string summary_figures(const Summary& summary, std::string_view command) {
    std::string out = fmt::format("<h1>rtlduet {}: {}</h1>\n<table class=\"facts\">\n", command,
                                  escape(summary.suite));
    out += fact("problems with samples", "problem-count", std::to_string(summary.problems));
    out += fact("scored problems", "scored-problems", std::to_string(summary.scored_problems));
    out += fact("samples per problem", "samples-per-problem",
                std::to_string(summary.samples_per_problem));
    out += fact("pass@1", "pass-at-1", fixed(summary.pass_at_1));
    out +=
        fact("official script's pass@1", "official-pass-at-1", fixed(summary.official_pass_at_1));
    out += fact(
        "simulators", "tools",
        escape(fmt::format("iverilog {}, verilator {}", summary.tools.iverilog,
                           summary.tools.verilator.empty() ? "absent" : summary.tools.verilator)));
    out += fact("config hash", "config-hash", escape(summary.config_hash));
    out += "</table>\n";
    if (!summary.problems_without_samples.empty()) {
        out += fmt::format(
            "<p id=\"without-samples\">{} selected problems had no samples: {}</p>\n",
            summary.problems_without_samples.size(),
            escape(fmt::format("{}", fmt::join(summary.problems_without_samples, ", "))));
    }
    return out + "<h2>pass@k</h2>\n" + pass_at_k_table(summary) + verdicts_block(summary) +
           errata_block(summary);
}

std::string problems_table(const Summary& summary) {
    std::string rows;
    for (const ProblemRow& row : summary.rows) {
        const VerdictCounts& c = row.counts;
        rows += fmt::format(
            "<tr data-key=\"{0}\" data-outcome=\"{1}\"><td><code>{0}</code></td>"
            "<td class=\"num\">{2}</td><td class=\"num\">{3}</td><td class=\"num\">{4}</td>"
            "<td class=\"num\">{5}</td><td class=\"num\">{6}</td><td class=\"num\">{7}</td>"
            "<td class=\"num\">{8}</td><td class=\"num\" data-field=\"pass_at_1\">{9}</td>"
            "<td class=\"num\">{10}</td><td>{11}</td><td>{12}</td></tr>\n",
            escape(row.problem), outcome_of(row), c.total(), c.pass, c.fail, c.compile_error,
            c.timeout, c.skipped, c.error, fixed(row.pass_at_1), fixed(row.official_pass_at_1),
            escape(row.simulator), escape(row.note));
    }
    return "<h2>Problems</h2>\n<form class=\"filters\" data-table=\"problems\">\n" +
           select("outcome", "outcome", {"all pass", "some pass", "none pass", "skipped"}) +
           text_filter() +
           "<span class=\"shown\"></span></form>\n<table id=\"problems\"><thead><tr>"
           "<th>problem</th><th>samples</th><th>pass</th><th>fail</th><th>compile</th>"
           "<th>timeout</th><th>skipped</th><th>error</th><th>pass@1</th>"
           "<th>official pass@1</th><th>simulator</th><th>note</th></tr></thead><tbody>\n" +
           rows + "</tbody></table>\n";
}

std::string samples_table(const Summary& summary, const EvalFigures* eval, bool link_pairs) {
    std::map<PairKey, const EvalRecord*> flow;
    if (eval != nullptr) {
        for (const EvalRecord* record : eval->records) {
            flow.emplace(record->key(), record);
        }
    }
    std::string rows;
    for (const SampleResult& r : summary.results) {
        const auto found = flow.find({r.problem, r.sample});
        rows += sample_row(r, found == flow.end() ? nullptr : found->second, eval != nullptr,
                           link_pairs);
    }
    std::string filters = select("verdict", "verdict", verdict_names()) +
                          select("official", "official script", {"pass", "fail"});
    std::string flow_head;
    if (eval != nullptr) {
        filters += select("flow", "flow", {"agreed", "best-effort", "failed"}) +
                   "<label><input type=\"checkbox\" name=\"alarm\" value=\"1\"> only agreed "
                   "but failed by the testbench</label>\n";
        flow_head = "<th>flow</th><th>turns</th><th>flow match rate</th><th>pair</th>";
    }
    return "<h2>Samples</h2>\n<form class=\"filters\" data-table=\"samples\">\n" + filters +
           text_filter() +
           "<span class=\"shown\"></span></form>\n<table id=\"samples\"><thead><tr>"
           "<th>problem</th><th>sample</th><th>verdict</th><th>official script</th>" +
           flow_head + "<th>simulator</th><th>seconds</th><th>reason</th></tr></thead><tbody>\n" +
           rows + "</tbody></table>\n";
}

}  // namespace detail

std::string render_html(const Summary& summary) {
    return html::document("rtlduet score: " + summary.suite,
                          detail::summary_figures(summary, "score") +
                              detail::problems_table(summary) +
                              detail::samples_table(summary, nullptr, false));
}

}  // namespace rtlduet::bench
