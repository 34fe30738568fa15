// flow/detail/report_html_pair.cpp: report.html's best pair (the first mismatch as a table
// and as a waveform of the context rows) and the code of every turn as diffs.
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "flow/detail/report_html.h"
#include "html/html.h"
#include "html/svg.h"

namespace rtlduet::flow::detail {
namespace {

using html::escape;
using html::fixed;

std::string value_of(const std::vector<sim::NamedValue>& values, const std::string& name) {
    const auto it = std::find_if(values.begin(), values.end(),
                                 [&](const sim::NamedValue& v) { return v.name == name; });
    return it == values.end() ? "" : it->value;
}

int width_of(const std::optional<hdl::Interface>& ifc, const std::string& name) {
    const hdl::Port* port = ifc ? ifc->find(name) : nullptr;
    return port != nullptr ? port->width : 2;  // unknown: drawn as a bus
}

// Columns: a sequential design shows each row before and after its rising edge; a
// combinational one once. A value is marked where both sides have one, they differ, and the
// row is compared (from the exercise's first compared row on).
html::Waveform mismatch_waveform(const RunReport& report, const BestPairRecord& best) {
    const bool is_sequential = report.interface && report.interface->is_sequential();
    html::Waveform wave;
    for (const sim::ContextRow& row : best.context) {
        if (is_sequential) {
            wave.columns.push_back(fmt::format("row {} pre", row.row));
        }
        wave.columns.push_back(fmt::format("row {}{}", row.row, is_sequential ? " post" : ""));
    }
    if (is_sequential) {
        html::WaveLane clock{.name = *report.interface->clock, .kind = "clock"};
        for (std::size_t i = 0; i < best.context.size(); ++i) {
            clock.values.insert(clock.values.end(), {"0x0", "0x1"});
        }
        wave.lanes.push_back(std::move(clock));
    }
    const sim::ContextRow& first = best.context.front();
    for (const sim::NamedValue& input : first.inputs) {
        html::WaveLane lane{
            .name = input.name, .kind = "input", .width = width_of(report.interface, input.name)};
        for (const sim::ContextRow& row : best.context) {
            const std::string value = value_of(row.inputs, input.name);
            lane.values.insert(lane.values.end(), is_sequential ? 2 : 1, value);
        }
        wave.lanes.push_back(std::move(lane));
    }
    for (const sim::NamedValue& output : first.rtl_post) {
        const int width = width_of(report.interface, output.name);
        html::WaveLane design{.name = output.name + " (design)", .kind = "design", .width = width};
        html::WaveLane model{.name = output.name + " (model)", .kind = "model", .width = width};
        for (const sim::ContextRow& row : best.context) {
            const bool is_compared = row.row >= best.exercise.first_compared_row;
            const auto add = [&](const std::vector<sim::NamedValue>& rtl_side,
                                 const std::vector<sim::NamedValue>& model_side) {
                const std::string d = value_of(rtl_side, output.name);
                const std::string m = value_of(model_side, output.name);
                const bool differs = is_compared && !d.empty() && !m.empty() && d != m;
                design.values.push_back(d);
                model.values.push_back(m);
                design.marked.push_back(differs);
                model.marked.push_back(differs);
            };
            if (is_sequential) {
                add(row.rtl_pre, row.model_pre);
            }
            add(row.rtl_post, row.model_post);
        }
        wave.lanes.push_back(std::move(design));
        wave.lanes.push_back(std::move(model));
    }
    return wave;
}

std::string mismatch_table(const sim::Mismatch& m) {
    std::string inputs;
    for (const sim::NamedValue& input : m.inputs) {
        inputs += fmt::format("<code>{}</code>&nbsp;=&nbsp;<code>{}</code> ", escape(input.name),
                              escape(input.value));
    }
    return fmt::format(
        "<table id=\"first-mismatch\"><tbody>\n<tr><th>row</th><td data-field=\"row\">{}</td></tr>"
        "\n<tr><th>phase</th><td data-field=\"phase\">{}</td></tr>\n<tr><th>signal</th>"
        "<td data-field=\"signal\"><code>{}</code></td></tr>\n<tr><th>design</th>"
        "<td data-field=\"rtl\"><code>{}</code></td></tr>\n<tr><th>model</th>"
        "<td data-field=\"model\"><code>{}</code></td></tr>\n<tr><th>xor</th>"
        "<td data-field=\"xor\"><code>{}</code></td></tr>\n<tr><th>differing bits</th>"
        "<td data-field=\"differing_bits\">{}</td></tr>\n<tr><th>inputs</th>"
        "<td data-field=\"inputs\">{}</td></tr>\n</tbody></table>\n",
        m.row, m.phase == sim::Phase::PreEdge ? "pre_edge" : "post_edge", escape(m.signal),
        escape(m.rtl), escape(m.model), escape(m.difference),
        escape(sim::bit_list(m.differing_bits)), inputs);
}

std::string exercise_text(const sim::Exercise& e) {
    std::vector<std::string> toggled;
    std::vector<std::string> still;
    for (const sim::OutputExercise& output : e.outputs) {
        (output.toggled ? toggled : still).push_back(escape(output.name));
    }
    std::string text = e.has_reset ? fmt::format("reset asserted in {} rows, {}released{}. ",
                                                 e.reset_rows, e.reset_released ? "" : "never ",
                                                 e.reset_reasserted ? ", re-asserted" : "")
                                   : "no reset. ";
    text += fmt::format(
        "Outputs toggled: {}; never toggled: {}. {} unknown bits in compared "
        "values; comparison from row {}.",
        toggled.empty() ? "none" : fmt::format("{}", fmt::join(toggled, ", ")),
        still.empty() ? "none" : fmt::format("{}", fmt::join(still, ", ")), e.x_bits,
        e.first_compared_row);
    for (const std::string& why : e.vacuity) {
        text += " Vacuous: " + escape(why) + ".";
    }
    return "<p id=\"exercise\">" + text + "</p>\n";
}

// One design or model of one turn: the first version in full, later ones as the diff from
// the slot's version before (the whole file folded below it).
std::string candidate_block(int turn, const CandidateRecord& c, const std::string* text,
                            const std::string* previous, bool is_best) {
    std::string status = c.is_usable ? "usable" : "not usable";
    if (c.repairs > 0) {
        status += fmt::format(", {} repair{}", c.repairs, c.repairs == 1 ? "" : "s");
    }
    std::string change;
    std::string body;
    if (text == nullptr) {
        body = "<p class=\"muted\">no code was extracted from the reply</p>\n";
    } else if (previous == nullptr) {
        body = html::code_block(*text);
    } else {
        const html::Diff diff = html::diff_lines(*previous, *text);
        change = diff.added + diff.removed == 0
                     ? ", unchanged"
                     : fmt::format(", +{} -{} lines", diff.added, diff.removed);
        body = diff.html + "<details><summary>whole file</summary>\n" + html::code_block(*text) +
               "</details>\n";
    }
    if (!c.error.empty()) {
        body = "<p>why not usable: <code>" + escape(c.error) + "</code></p>\n" + body;
    }
    return fmt::format(
        "<details class=\"candidate\" data-file=\"{}\"{}><summary>turn {}: {}{}{}</summary>\n{}"
        "</details>\n",
        escape(c.file), is_best ? " open" : "", turn, status, change,
        is_best ? " (the best pair)" : "", body);
}

}  // namespace

std::string best_pair_section(const RunReport& report) {
    if (!report.best) {
        return "<h2>Best pair</h2>\n<p>No pair could be compared.</p>\n";
    }
    const BestPairRecord& best = *report.best;
    const PairRecord& p = best.pair;
    std::string out = fmt::format(
        "<h2>Best pair</h2>\n<p id=\"best-pair\">Turn {}, rtl slot {} and model slot {}: <span "
        "class=\"badge v-{}\">{}</span>, match rate {} ({} of {} rows match; {} mismatching rows, "
        "{} mismatching values).</p>\n",
        p.turn, p.rtl_slot, p.model_slot, escape(p.verdict), escape(p.verdict), fixed(p.match_rate),
        p.matching_rows, p.compared_rows, p.mismatching_rows, p.mismatching_values);
    out += exercise_text(best.exercise);
    if (!best.first_mismatch) {
        return out;
    }
    out += "<h3>First mismatch</h3>\n" + mismatch_table(*best.first_mismatch);
    if (!best.context.empty()) {
        out +=
            "<p>The rows up to it, design against model (mismatching values marked red; "
            "the inputs are applied before the rising edge):</p>\n" +
            html::waveform(mismatch_waveform(report, best));
    }
    return out;
}

std::string code_section(const RunReport& report, const CodeFiles& code) {
    std::string out = "<h2>Designs and models, turn by turn</h2>\n";
    const std::string best_rtl =
        report.best
            ? fmt::format("turns/{}/rtl-{}.sv", report.best->pair.turn, report.best->pair.rtl_slot)
            : "";
    const std::string best_model = report.best
                                       ? fmt::format("turns/{}/model-{}.py", report.best->pair.turn,
                                                     report.best->pair.model_slot)
                                       : "";
    for (const bool is_rtl : {true, false}) {
        std::set<int> slots;
        for (const TurnRecord& turn : report.turns) {
            for (const CandidateRecord& c : is_rtl ? turn.rtl : turn.models) {
                slots.insert(c.slot);
            }
        }
        for (const int slot : slots) {
            out += fmt::format("<h3>{} slot {}</h3>\n", is_rtl ? "Design (rtl)" : "Model", slot);
            const std::string* previous = nullptr;
            for (const TurnRecord& turn : report.turns) {
                for (const CandidateRecord& c : is_rtl ? turn.rtl : turn.models) {
                    if (c.slot != slot) {
                        continue;
                    }
                    const auto found = code.find(c.file);
                    const std::string* text = found == code.end() ? nullptr : &found->second;
                    out += candidate_block(turn.turn, c, text, previous,
                                           c.file == best_rtl || c.file == best_model);
                    previous = text != nullptr ? text : previous;
                }
            }
        }
    }
    return out;
}

}  // namespace rtlduet::flow::detail
