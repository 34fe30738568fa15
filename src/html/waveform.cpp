// html/waveform.cpp: a waveform as inline SVG: one lane per signal, one column per sample,
// 1-bit signals as levels, wider ones as buses with their values written in, mismatching
// values on a red cell. Every cell carries its value in data-value and a tooltip.
#include <algorithm>

#include <fmt/format.h>

#include "html/html.h"
#include "html/svg.h"

namespace rtlduet::html {
namespace {

constexpr double kCharWidth = 7.3;
constexpr double kLaneHeight = 26;
constexpr double kLaneGap = 6;
constexpr double kHeader = 24;

struct Layout {
    double name_width = 0;
    double column_width = 0;
    std::size_t max_chars = 0;  // value characters that fit in a column
    double x(std::size_t column) const {
        return name_width + column_width * static_cast<double>(column);
    }
};

Layout layout_of(const Waveform& wave) {
    std::size_t name_chars = 4;
    std::size_t value_chars = 3;
    for (const WaveLane& lane : wave.lanes) {
        name_chars = std::max(name_chars, lane.name.size());
        for (const std::string& value : lane.values) {
            value_chars = std::max(value_chars, value.size());
        }
    }
    for (const std::string& column : wave.columns) {
        value_chars = std::max(value_chars, column.size());
    }
    Layout layout;
    layout.name_width = std::clamp(kCharWidth * static_cast<double>(name_chars) + 24, 80.0, 240.0);
    layout.column_width =
        std::clamp(kCharWidth * static_cast<double>(value_chars) + 18, 60.0, 330.0);
    layout.max_chars = static_cast<std::size_t>((layout.column_width - 18) / kCharWidth);
    return layout;
}

std::string shown_value(const std::string& value, std::size_t max_chars) {
    return value.size() <= max_chars ? value : value.substr(0, max_chars - 1) + "…";
}

// 1 for a known high level, 0 for low, -1 for unknown or no sample.
int level_of(const std::string& value) {
    if (value == "0x1" || value == "1") {
        return 1;
    }
    return value == "0x0" || value == "0" ? 0 : -1;
}

std::string level_path(const WaveLane& lane, const Layout& layout, double top) {
    std::string path;
    for (std::size_t c = 0; c < lane.values.size(); ++c) {
        const int level = level_of(lane.values[c]);
        const double y = level == 1   ? top + 3
                         : level == 0 ? top + kLaneHeight - 3
                                      : top + kLaneHeight / 2;
        path += fmt::format("{}{:.1f} {:.1f} H{:.1f}", path.empty() ? "M" : " L", layout.x(c), y,
                            layout.x(c + 1));
    }
    return fmt::format("<path class=\"level\" d=\"{}\"/>\n", path);
}

std::string bus_cell(const std::string& value, const Layout& layout, std::size_t c, double top) {
    if (value.empty()) {
        return fmt::format(
            "<rect class=\"nosample\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" "
            "height=\"{:.1f}\"/>\n",
            layout.x(c) + 2, top + 2, layout.column_width - 4, kLaneHeight - 4);
    }
    const double x0 = layout.x(c) + 2;
    const double x1 = layout.x(c + 1) - 2;
    const double mid = top + kLaneHeight / 2;
    return fmt::format(
        "<path class=\"bus\" d=\"M{0:.1f} {1:.1f} L{2:.1f} {3:.1f} H{4:.1f} L{5:.1f} {1:.1f} "
        "L{4:.1f} {6:.1f} H{2:.1f} Z\"/><text class=\"value\" x=\"{7:.1f}\" y=\"{8:.1f}\" "
        "text-anchor=\"middle\">{9}</text>\n",
        x0, mid, x0 + 5, top + 3, x1 - 5, x1, top + kLaneHeight - 3, (x0 + x1) / 2, mid + 4,
        escape(shown_value(value, layout.max_chars)));
}

std::string lane_svg(const Waveform& wave, const WaveLane& lane, const Layout& layout, double top) {
    std::string out = fmt::format(
        "<g class=\"lane {}\" data-lane=\"{}\"><text class=\"lane-name\" x=\"4\" "
        "y=\"{:.1f}\">{}</text>\n",
        escape(lane.kind), escape(lane.name), top + kLaneHeight / 2 + 4, escape(lane.name));
    for (std::size_t c = 0; c < lane.values.size(); ++c) {
        const bool is_marked = c < lane.marked.size() && lane.marked[c];
        const std::string heading = c < wave.columns.size() ? wave.columns[c] : "";
        out += fmt::format(
            "<rect class=\"{}\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
            "fill=\"transparent\" data-column=\"{}\" data-value=\"{}\"><title>{} {}: {}"
            "</title></rect>\n",
            is_marked ? "mismatch" : "cell", layout.x(c) + 1, top, layout.column_width - 2,
            kLaneHeight, c, escape(lane.values[c]), escape(lane.name), escape(heading),
            lane.values[c].empty() ? "no sample" : escape(lane.values[c]));
        if (lane.width > 1 || level_of(lane.values[c]) < 0) {
            out += bus_cell(lane.values[c], layout, c, top);
        }
    }
    if (lane.width == 1) {
        out += level_path(lane, layout, top);
    }
    return out + "</g>\n";
}

}  // namespace

std::string waveform(const Waveform& wave) {
    const Layout layout = layout_of(wave);
    std::size_t columns = wave.columns.size();
    for (const WaveLane& lane : wave.lanes) {
        columns = std::max(columns, lane.values.size());
    }
    const double width = layout.x(columns) + 8;
    const double height =
        kHeader + (kLaneHeight + kLaneGap) * static_cast<double>(wave.lanes.size()) + 4;
    std::string out = fmt::format(
        "<svg class=\"waveform\" width=\"{0:.0f}\" height=\"{1:.0f}\" viewBox=\"0 0 {0:.0f} "
        "{1:.0f}\" role=\"img\">\n",
        width, height);
    for (std::size_t c = 0; c < wave.columns.size(); ++c) {
        out += fmt::format(
            "<text class=\"column\" x=\"{:.1f}\" y=\"16\" text-anchor=\"middle\">{}</text>"
            "<line class=\"grid\" x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\"/>\n",
            layout.x(c) + layout.column_width / 2, escape(wave.columns[c]), layout.x(c), kHeader,
            layout.x(c), height);
    }
    double top = kHeader;
    for (const WaveLane& lane : wave.lanes) {
        out += lane_svg(wave, lane, layout, top);
        top += kLaneHeight + kLaneGap;
    }
    return out + "</svg>\n";
}

}  // namespace rtlduet::html
