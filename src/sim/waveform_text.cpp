// sim/waveform_text.cpp: the first mismatch as a small table for the terminal: one line per
// compared sample of a few rows around it, inputs, the design's outputs and the model's, and
// which bits of which output differ (wide values are shortened; their differing bits say more).
#include <algorithm>

#include <fmt/format.h>

#include "sim/waveform.h"

namespace rtlduet::sim {
namespace {

constexpr std::size_t kMaxDigits = 16;  // longer hex values show their ends only

struct Position {
    std::size_t row = 0;
    Phase phase = Phase::PostEdge;
    std::size_t output = 0;
};

std::optional<Position> first_mismatch(const Waveform& waveform) {
    for (std::size_t row = 0; row < waveform.post_mismatch.size(); ++row) {
        for (const Phase phase : {Phase::PreEdge, Phase::PostEdge}) {
            const auto& marks =
                phase == Phase::PreEdge ? waveform.pre_mismatch : waveform.post_mismatch;
            if (row >= marks.size()) {
                continue;
            }
            const auto hit = std::find(marks[row].begin(), marks[row].end(), true);
            if (hit != marks[row].end()) {
                return Position{row, phase, static_cast<std::size_t>(hit - marks[row].begin())};
            }
        }
    }
    return std::nullopt;
}

std::string shown(const hdl::Bits& value) {
    if (value.width() == 1) {
        return value.has_unknown() ? "x" : (value.bit(0) ? "1" : "0");
    }
    const std::string text = value.to_report();
    if (text.size() <= kMaxDigits + 2) {
        return text;
    }
    return text.substr(0, 6) + ".." + text.substr(text.size() - 4);
}

// Bits that differ or are unknown on either side.
std::vector<int> differing_bits(const hdl::Bits& rtl, const hdl::Bits& model) {
    std::vector<int> bits;
    for (int bit = 0; bit < rtl.width(); ++bit) {
        const bool model_bit = bit < model.width() && model.bit(bit);
        const bool model_unknown = bit < model.width() && model.is_unknown(bit);
        if (rtl.is_unknown(bit) || model_unknown || rtl.bit(bit) != model_bit) {
            bits.push_back(bit);
        }
    }
    return bits;
}

hdl::Bits xor_of(const hdl::Bits& rtl, const hdl::Bits& model) {
    hdl::Bits difference(rtl.width());
    for (const int bit : differing_bits(rtl, model)) {
        const bool is_unknown =
            rtl.is_unknown(bit) || (bit < model.width() && model.is_unknown(bit));
        if (is_unknown) {
            difference.set_unknown(bit);
        } else {
            difference.set_bit(bit, true);
        }
    }
    return difference;
}

std::string describe_bits(const std::vector<int>& bits) {
    return fmt::format("{} {}", bits.size() == 1 ? "bit" : "bits", bit_list(bits));
}

using Table = std::vector<std::vector<std::string>>;

// The line of one compared sample; `is_first_of_row` lines carry the row's inputs.
std::vector<std::string> sample_line(const Waveform& waveform, std::size_t row, Phase phase,
                                     bool shows_phase, bool is_first_of_row, bool is_first) {
    const bool is_pre = phase == Phase::PreEdge;
    const auto& rtl = is_pre ? waveform.rtl.pre[row] : waveform.rtl.post[row];
    const auto& model = is_pre ? waveform.model.pre[row] : waveform.model.post[row];
    const auto& marks = is_pre ? waveform.pre_mismatch[row] : waveform.post_mismatch[row];
    const auto outputs = waveform.interface.outputs();
    std::vector<std::string> line = {is_first ? ">" : "", std::to_string(row)};
    if (shows_phase) {
        line.emplace_back(is_pre ? "pre-edge" : "post-edge");
    }
    for (const hdl::Bits& input : waveform.vectors.rows[row]) {
        line.push_back(is_first_of_row ? shown(input) : "");
    }
    std::vector<std::string> differs;
    for (std::size_t i = 0; i < outputs.size(); ++i) {
        line.push_back(shown(rtl[i]) + (marks[i] ? " *" : ""));
        if (marks[i]) {
            differs.push_back(outputs[i].name + " " +
                              describe_bits(differing_bits(rtl[i], model[i])));
        }
    }
    for (const hdl::Bits& value : model) {
        line.push_back(shown(value));
    }
    line.push_back(fmt::format("{}", fmt::join(differs, "; ")));
    return line;
}

std::string render(const Table& table, std::size_t inputs, std::size_t outputs, bool shows_phase) {
    std::vector<std::size_t> widths(table.front().size(), 0);
    for (const auto& line : table) {
        for (std::size_t c = 0; c < line.size(); ++c) {
            widths[c] = std::max(widths[c], line[c].size());
        }
    }
    // Group boundaries: after the row (and phase), the inputs, the design, the model.
    const std::size_t lead = shows_phase ? 3 : 2;
    const std::vector<std::size_t> bars = {lead, lead + inputs, lead + inputs + outputs,
                                           lead + inputs + 2 * outputs};
    std::string text;
    for (const auto& line : table) {
        std::string out = "  ";
        for (std::size_t c = 0; c < line.size(); ++c) {
            if (std::find(bars.begin(), bars.end(), c) != bars.end()) {
                out += "| ";
            }
            const bool is_number = c == 1;
            out += is_number ? fmt::format("{:>{}} ", line[c], widths[c])
                             : fmt::format("{:<{}} ", line[c], widths[c]);
        }
        while (!out.empty() && out.back() == ' ') {
            out.pop_back();
        }
        text += out + "\n";
    }
    return text;
}

std::string title(const Waveform& waveform, const Position& first) {
    const bool is_pre = first.phase == Phase::PreEdge;
    const hdl::Bits& rtl = (is_pre ? waveform.rtl.pre : waveform.rtl.post)[first.row][first.output];
    const hdl::Bits& model =
        (is_pre ? waveform.model.pre : waveform.model.post)[first.row][first.output];
    return fmt::format(
        "first mismatch: row {}{}, {} is {} in the design and {} in the model (xor {}: {})\n",
        first.row, waveform.interface.is_sequential() ? (is_pre ? " pre-edge" : " post-edge") : "",
        waveform.interface.outputs()[first.output].name, shown(rtl), shown(model),
        shown(xor_of(rtl, model)), describe_bits(differing_bits(rtl, model)));
}

}  // namespace

std::string render_text_waveform(const Waveform& waveform, const TextWaveformOptions& options) {
    const auto first = first_mismatch(waveform);
    if (!first) {
        return "";
    }
    const bool shows_phase = !waveform.pre_mismatch.empty();
    const auto outputs = waveform.interface.outputs();
    Table table;
    std::vector<std::string> head = {"", "row"};
    if (shows_phase) {
        head.emplace_back("phase");
    }
    for (const hdl::Port& input : waveform.vectors.inputs) {
        head.push_back(input.name);
    }
    for (const hdl::Port& output : outputs) {
        head.push_back(output.name);
    }
    for (const hdl::Port& output : outputs) {
        head.push_back("model_" + output.name);
    }
    head.emplace_back("differing bits (* marks a mismatch)");
    table.push_back(std::move(head));
    const std::size_t from = first->row - std::min(first->row, options.rows_before);
    const std::size_t to =
        std::min(first->row + options.rows_after, waveform.post_mismatch.size() - 1);
    for (std::size_t row = from; row <= to; ++row) {
        if (shows_phase) {
            table.push_back(sample_line(waveform, row, Phase::PreEdge, true, true,
                                        row == first->row && first->phase == Phase::PreEdge));
        }
        table.push_back(sample_line(waveform, row, Phase::PostEdge, shows_phase, !shows_phase,
                                    row == first->row && first->phase == Phase::PostEdge));
    }
    return title(waveform, *first) +
           render(table, waveform.vectors.inputs.size(), outputs.size(), shows_phase);
}

}  // namespace rtlduet::sim
