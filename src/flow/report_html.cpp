// flow/report_html.cpp: report.html of a run, from the RunReport that report.json is written
// from: the verdict and why, turns to agreement, the match rate per turn as a chart, every
// pair, the best pair (flow/detail/report_html_pair.cpp), the code of every turn and the
// configuration. All text is escaped: designs, models and error texts come from the LLM.
#include "flow/detail/report_html.h"

#include <fmt/format.h>

#include "flow/detail/report.h"
#include "html/html.h"
#include "html/svg.h"
#include "sim/confirm.h"
#include "util/exit_code.h"

namespace rtlduet::flow {
namespace {

using html::escape;
using html::fixed;

std::string fact(std::string_view name, std::string_view id, const std::string& value_html) {
    return fmt::format("<tr><th>{}</th><td id=\"{}\">{}</td></tr>\n", name, id, value_html);
}

std::string turns_to_agreement(const RunReport& report) {
    if (report.verdict == "agreed" && report.best) {
        return std::to_string(report.best->pair.turn);
    }
    return fmt::format("not agreed in {} turn{}", report.turns.size(),
                       report.turns.size() == 1 ? "" : "s");
}

// What the other simulator said of the best pair, and how the final design built.
std::string confirmation_text(const RunReport& report) {
    if (!report.best) {
        return "none";
    }
    const sim::Confirmation& confirmation = report.best->confirmation;
    std::string text(sim::to_string(confirmation.status));
    if (!confirmation.why.empty()) {
        text += ": " + confirmation.why;
    }
    return text;
}

std::string final_design_text(const RunReport& report) {
    std::string text;
    for (const auto& [simulator, compiles] : report.final_compiles) {
        text += fmt::format("{}{} {}", text.empty() ? "" : ", ", simulator,
                            compiles ? "builds" : "does not build");
    }
    if (report.final_synthesis) {
        text += fmt::format("{}Yosys: {}", text.empty() ? "" : "; ",
                            report.final_synthesis->is_clean()         ? "synthesizes cleanly"
                            : report.final_synthesis->is_synthesizable ? "synthesizes, with issues"
                                                                       : "does not synthesize");
    }
    return text.empty() ? "not checked" : text;
}

std::string header(const RunReport& report) {
    std::string out = fmt::format(
        "<h1>rtlduet run: <code>{}</code> <span class=\"badge v-{}\" id=\"verdict\">{}</span></h1>"
        "\n<p id=\"reason\">{}</p>\n<table class=\"facts\">\n",
        escape(report.top_name.empty() ? "(no top)" : report.top_name), escape(report.verdict),
        escape(report.verdict), escape(report.reason));
    out += fact("turns to agreement", "turns-to-agreement", escape(turns_to_agreement(report)));
    out += fact("best match rate", "best-match-rate",
                report.best ? fixed(report.best->pair.match_rate) : "none");
    out += fact("confirmation", "confirmation", escape(confirmation_text(report)));
    out += fact("final design", "final-design", escape(final_design_text(report)));
    out += fact("complete", "complete", report.is_complete ? "yes" : "no (the run ended early)");
    out += fact("exit code", "exit-code", std::to_string(report.exit_code));
    out += fact("top module", "top",
                escape(report.top_name.empty() ? "none"
                                               : report.top_name + " (" + report.top_source + ")"));
    out += fact("rtlduet", "version", escape(util::version()));
    out += "</table>\n";
    if (!report.reproduce.empty()) {
        out += "<p>Rerun the best pair on the same rows:</p>\n<pre id=\"reproduce\">" +
               escape(report.reproduce) + "</pre>\n";
    }
    return out;
}

html::Chart match_rate_chart(const RunReport& report) {
    html::Chart chart{
        .title = "match rate per turn",
        .x_label = "turn",
        .y_label = "match rate",
        .x_max = std::max<int>(report.config.turns, static_cast<int>(report.turns.size()))};
    html::ChartLine turn_best{.css_class = "turn-best", .label = "best of the turn"};
    html::ChartLine kept{.css_class = "best", .label = "best pair kept"};
    double best_so_far = -1;
    for (const TurnRecord& turn : report.turns) {
        const double count = static_cast<double>(turn.pairs.size());
        for (std::size_t i = 0; i < turn.pairs.size(); ++i) {
            const PairRecord& pair = turn.pairs[i];
            chart.points.push_back(
                {.x = static_cast<double>(turn.turn),
                 .y = pair.match_rate,
                 .label = fmt::format("turn {}: rtl slot {} x model slot {}: {} ({})", turn.turn,
                                      pair.rtl_slot, pair.model_slot, fixed(pair.match_rate),
                                      pair.verdict),
                 .css_class = pair.verdict == "agree" ? "agree" : "pair",
                 .x_offset = (static_cast<double>(i) - (count - 1) / 2) * 7});
        }
        if (turn.best_of_turn) {
            turn_best.points.emplace_back(turn.turn, turn.best_of_turn->match_rate);
            if (turn.improved_best || best_so_far < 0) {
                best_so_far = turn.best_of_turn->match_rate;
            }
        }
        if (best_so_far >= 0) {
            kept.points.emplace_back(turn.turn, best_so_far);
        }
    }
    chart.lines = {std::move(turn_best), std::move(kept)};
    return chart;
}

std::string usable_count(const std::vector<CandidateRecord>& records) {
    int usable = 0;
    for (const CandidateRecord& record : records) {
        usable += record.is_usable ? 1 : 0;
    }
    return fmt::format("{} of {}", usable, records.size());
}

std::string turn_rows(const RunReport& report) {
    std::string rows;
    for (const TurnRecord& turn : report.turns) {
        const auto& best = turn.best_of_turn;
        rows += fmt::format(
            "<tr data-turn=\"{0}\"><td class=\"num\">{0}</td><td>{1}</td><td>{2}</td>"
            "<td class=\"num\">{3}</td><td class=\"num\" data-field=\"best_of_turn\">{4}</td>"
            "<td>{5}</td><td>{6}</td><td class=\"num\">{7} / {8}</td>"
            "<td class=\"num\">{9} / {10}</td><td class=\"num\">{11}</td>"
            "<td class=\"num\">{12}</td></tr>\n",
            turn.turn, usable_count(turn.rtl), usable_count(turn.models), turn.pairs.size(),
            best ? fixed(best->match_rate) : "-",
            best ? fmt::format("rtl {} x model {}", best->rtl_slot, best->model_slot) : "-",
            turn.improved_best ? "yes" : "no", turn.rtl_usage.prompt_tokens,
            turn.rtl_usage.completion_tokens, turn.model_usage.prompt_tokens,
            turn.model_usage.completion_tokens, fixed(turn.sim_seconds, 2),
            fixed(turn.wall_seconds, 2));
    }
    return rows;
}

std::string pair_rows(const RunReport& report) {
    std::string rows;
    for (const TurnRecord& turn : report.turns) {
        for (const PairRecord& p : turn.pairs) {
            rows += fmt::format(
                "<tr data-turn=\"{}\" data-verdict=\"{}\"><td class=\"num\">{}</td>"
                "<td class=\"num\">{}</td><td class=\"num\">{}</td><td><span class=\"badge "
                "v-{}\">{}</span></td><td class=\"num\" data-field=\"match_rate\">{}</td>"
                "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
                "<td class=\"num\">{}</td><td>{}</td></tr>\n",
                p.turn, escape(p.verdict), p.turn, p.rtl_slot, p.model_slot, escape(p.verdict),
                escape(p.verdict), fixed(p.match_rate), p.compared_rows, p.matching_rows,
                p.mismatching_rows, p.mismatching_values, p.is_vacuous ? "yes" : "no");
        }
    }
    return rows;
}

std::string turns_section(const RunReport& report) {
    if (report.turns.empty()) {
        return "<h2>Turns</h2>\n<p>No turn ran.</p>\n";
    }
    return "<h2>Match rate per turn</h2>\n" + html::line_chart(match_rate_chart(report)) +
           "<table id=\"turns\"><thead><tr><th>turn</th><th>usable designs</th>"
           "<th>usable models</th><th>pairs</th><th>best match rate</th><th>best pair</th>"
           "<th>improved the kept pair</th><th>rtl tokens (prompt / completion)</th>"
           "<th>model tokens (prompt / completion)</th><th>sim s</th><th>wall s</th></tr>"
           "</thead><tbody>\n" +
           turn_rows(report) +
           "</tbody></table>\n<h3>Every pair</h3>\n<table id=\"pairs\"><thead><tr><th>turn</th>"
           "<th>rtl slot</th><th>model slot</th><th>verdict</th><th>match rate</th>"
           "<th>compared rows</th><th>matching rows</th><th>mismatching rows</th>"
           "<th>mismatching values</th><th>vacuous</th></tr></thead><tbody>\n" +
           pair_rows(report) + "</tbody></table>\n";
}

std::string llm_row(std::string_view agent, const LlmSettings& s) {
    return fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td></tr>\n",
        agent, escape(s.endpoint), escape(s.llm.empty() ? "(server default)" : s.llm),
        fixed(s.temperature, 2), fixed(s.top_p, 2), s.max_tokens);
}

std::string interface_table(const hdl::Interface& ifc) {
    static constexpr std::string_view kDirections[] = {"input", "output", "inout"};
    std::string rows;
    for (const hdl::Port& port : ifc.ports) {
        const bool is_clock = ifc.clock && *ifc.clock == port.name;
        const bool is_reset = ifc.reset && ifc.reset->name == port.name;
        rows += fmt::format(
            "<tr><td><code>{}</code></td><td>{}</td><td class=\"num\">{}</td>"
            "<td>{}</td></tr>\n",
            escape(port.name), kDirections[static_cast<int>(port.direction)], port.width,
            is_clock   ? "clock"
            : is_reset ? (ifc.reset->is_active_low ? "reset (active low)" : "reset")
                       : "");
    }
    return "<table id=\"interface\"><thead><tr><th>port</th><th>direction</th><th>width</th>"
           "<th>role</th></tr></thead><tbody>\n" +
           rows + "</tbody></table>\n";
}

std::string config_section(const RunReport& report) {
    const RunConfig& c = report.config;
    std::string out = fmt::format(
        "<h2>Configuration</h2>\n<p>{} candidates and {} models per turn, at most {} turns, "
        "pairing {}, prompt set {}, seed {}, {} rows, simulator {}; interface from {}.</p>\n",
        c.candidates, c.candidates, c.turns, escape(c.pairing), escape(c.prompt_set), c.seed,
        c.vectors, escape(c.simulator), escape(report.interface_source));
    out +=
        "<table id=\"llm\"><thead><tr><th>agent</th><th>endpoint</th><th>llm</th>"
        "<th>temperature</th><th>top_p</th><th>max tokens</th></tr></thead><tbody>\n" +
        llm_row("rtl", c.rtl_llm) + llm_row("model", c.model_llm) + "</tbody></table>\n";
    if (report.interface) {
        out += "<h3>Interface of <code>" + escape(report.interface->module_name) +
               "</code></h3>\n" + interface_table(*report.interface);
    }
    return out;
}

}  // namespace

std::string render_report_html(const RunReport& report, const CodeFiles& code) {
    const std::string body = header(report) + turns_section(report) +
                             detail::best_pair_section(report) +
                             detail::code_section(report, code) + config_section(report);
    return html::document("rtlduet run: " + (report.top_name.empty() ? "report" : report.top_name),
                          body);
}

}  // namespace rtlduet::flow
