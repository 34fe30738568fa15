// html/svg.h: inline SVG drawings for the reports: a line chart (match rate per turn) and a
// waveform (design against model around a mismatch). Labels and values are escaped here.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace rtlduet::html {

struct ChartPoint {
    double x = 0;
    double y = 0;
    std::string label;      // tooltip
    std::string css_class;  // "pair", "agree", ...
    double x_offset = 0;    // pixels, to set apart points of one x
};

struct ChartLine {
    std::vector<std::pair<double, double>> points;
    std::string css_class;
    std::string label;  // legend
};

/// x runs over integers x_min..x_max (turns), y over y_min..y_max.
struct Chart {
    std::string title;
    std::string x_label;
    std::string y_label;
    int x_min = 1;
    int x_max = 1;
    double y_min = 0;
    double y_max = 1;
    std::vector<ChartLine> lines;
    std::vector<ChartPoint> points;  // each a <circle data-x data-y> (y with 4 decimals)
};

std::string line_chart(const Chart& chart);

struct BarPart {
    std::string label;
    int count = 0;
    std::string css_class;
};

/// One horizontal bar split in proportion to the parts' counts (parts of 0 are left out).
std::string stacked_bar(const std::vector<BarPart>& parts);

/// One signal over the waveform's columns. A 1-bit lane is drawn as a level, a wider one as a
/// bus with its values written in.
struct WaveLane {
    std::string name;
    std::string kind;  // css class: clock, input, design, model
    int width = 1;
    std::vector<std::string> values;  // per column; empty: no sample there
    std::vector<bool> marked;         // per column: this value mismatches
};

struct Waveform {
    std::vector<std::string> columns;  // headings, e.g. "row 12 pre", "row 12 post"
    std::vector<WaveLane> lanes;
};

/// Every marked value is a <rect class="mismatch"> behind its value.
std::string waveform(const Waveform& wave);

}  // namespace rtlduet::html
