// html/svg.cpp: the line chart of a run's match rate per turn, drawn as inline SVG with a
// circle per pair (its value in data-y, so a test can read what is drawn) and lines through
// the best values.
#include "html/svg.h"

#include <fmt/format.h>

#include "html/html.h"

namespace rtlduet::html {
namespace {

constexpr double kWidth = 640;
constexpr double kHeight = 280;
constexpr double kLeft = 56;
constexpr double kRight = 24;
constexpr double kTop = 36;
constexpr double kBottom = 44;

struct Scale {
    const Chart& chart;
    double x(double value) const {
        const double span = chart.x_max - chart.x_min;
        const double width = kWidth - kLeft - kRight;
        return span <= 0 ? kLeft + width / 2 : kLeft + (value - chart.x_min) / span * width;
    }
    double y(double value) const {
        const double span = chart.y_max - chart.y_min;
        const double height = kHeight - kTop - kBottom;
        return kTop + height - (span <= 0 ? 0 : (value - chart.y_min) / span * height);
    }
};

std::string axes(const Chart& chart, const Scale& scale) {
    std::string out;
    for (int step = 0; step <= 4; ++step) {
        const double value = chart.y_min + (chart.y_max - chart.y_min) * step / 4.0;
        const double y = scale.y(value);
        out += fmt::format(
            "<line class=\"grid\" x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\"/>"
            "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>\n",
            kLeft, y, kWidth - kRight, y, kLeft - 6, y + 4, fixed(value, 2));
    }
    for (int x = chart.x_min; x <= chart.x_max; ++x) {
        out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>\n",
                           scale.x(x), kHeight - kBottom + 16, x);
    }
    out += fmt::format(
        "<path class=\"axis\" d=\"M{:.1f} {:.1f} V{:.1f} H{:.1f}\"/>\n"
        "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>\n"
        "<text x=\"14\" y=\"{:.1f}\" transform=\"rotate(-90 14 {:.1f})\" "
        "text-anchor=\"middle\">{}</text>\n",
        kLeft, kTop, kHeight - kBottom, kWidth - kRight, (kLeft + kWidth - kRight) / 2, kHeight - 8,
        escape(chart.x_label), kHeight / 2, kHeight / 2, escape(chart.y_label));
    return out;
}

std::string lines_and_legend(const Chart& chart, const Scale& scale) {
    std::string out;
    double legend_x = kLeft;
    for (const ChartLine& line : chart.lines) {
        std::string path;
        for (const auto& [x, y] : line.points) {
            path +=
                fmt::format("{}{:.1f} {:.1f}", path.empty() ? "M" : " L", scale.x(x), scale.y(y));
        }
        if (!path.empty()) {
            out += fmt::format("<path class=\"{}\" d=\"{}\"/>\n", escape(line.css_class), path);
        }
        out += fmt::format(
            "<line class=\"{}\" x1=\"{:.1f}\" y1=\"14\" x2=\"{:.1f}\" y2=\"14\"/>"
            "<text x=\"{:.1f}\" y=\"18\">{}</text>\n",
            escape(line.css_class), legend_x, legend_x + 24, legend_x + 30, escape(line.label));
        legend_x += 40 + 7.5 * static_cast<double>(line.label.size());
    }
    return out;
}

}  // namespace

std::string line_chart(const Chart& chart) {
    const Scale scale{chart};
    std::string out = fmt::format(
        "<svg class=\"chart\" width=\"{0}\" "
        "height=\"{1}\" viewBox=\"0 0 {0} {1}\" role=\"img\"><title>{2}</title>\n",
        kWidth, kHeight, escape(chart.title));
    out += axes(chart, scale);
    out += lines_and_legend(chart, scale);
    for (const ChartPoint& point : chart.points) {
        out += fmt::format(
            "<circle class=\"{}\" cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" data-x=\"{}\" "
            "data-y=\"{}\"><title>{}</title></circle>\n",
            escape(point.css_class), scale.x(point.x) + point.x_offset, scale.y(point.y), point.x,
            fixed(point.y), escape(point.label));
    }
    return out + "</svg>\n";
}

std::string stacked_bar(const std::vector<BarPart>& parts) {
    constexpr double kBarWidth = 600;
    int total = 0;
    for (const BarPart& part : parts) {
        total += part.count;
    }
    std::string out = fmt::format(
        "<svg class=\"bar\" width=\"{0:.0f}\" height=\"28\" viewBox=\"0 0 {0:.0f} 28\" "
        "role=\"img\">\n",
        kBarWidth);
    double x = 0;
    for (const BarPart& part : parts) {
        if (part.count <= 0 || total <= 0) {
            continue;
        }
        const double width = kBarWidth * part.count / total;
        out += fmt::format(
            "<rect class=\"{}\" x=\"{:.1f}\" y=\"2\" width=\"{:.1f}\" height=\"24\" "
            "data-count=\"{}\"><title>{}: {}</title></rect>\n",
            escape(part.css_class), x, width, part.count, escape(part.label), part.count);
        x += width;
    }
    return out + "</svg>\n";
}

}  // namespace rtlduet::html
