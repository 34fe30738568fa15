// html/diff.cpp: a line diff between two versions of a design or model (longest common
// subsequence after the common head and tail are cut off), as HTML with unchanged stretches
// folded so a one-line fix in a long file reads at a glance.
#include <algorithm>
#include <cstdint>
#include <vector>

#include <fmt/format.h>

#include "html/html.h"

namespace rtlduet::html {
namespace {

// Beyond this many cells the LCS table costs too much: the middle is shown as replaced.
constexpr std::size_t kMaxCells = 4'000'000;
constexpr std::size_t kContextLines = 3;

enum class Op { Same, Add, Del };

struct Line {
    Op op;
    std::string_view text;
};

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        lines.push_back(text.substr(0, end));
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    }
    return lines;
}

// The edit script of a[..] into b[..] from the LCS table, or delete-all/add-all when too big.
void diff_middle(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b,
                 std::vector<Line>& out) {
    const std::size_t n = a.size();
    const std::size_t m = b.size();
    if (n * m > kMaxCells) {
        for (const std::string_view line : a) {
            out.push_back({Op::Del, line});
        }
        for (const std::string_view line : b) {
            out.push_back({Op::Add, line});
        }
        return;
    }
    // lcs[i][j]: LCS length of a[i..] and b[j..].
    std::vector<std::uint32_t> lcs((n + 1) * (m + 1), 0);
    const auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& {
        return lcs[i * (m + 1) + j];
    };
    for (std::size_t i = n; i-- > 0;) {
        for (std::size_t j = m; j-- > 0;) {
            at(i, j) = a[i] == b[j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
        }
    }
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && a[i] == b[j]) {
            out.push_back({Op::Same, a[i++]});
            ++j;
        } else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) {
            out.push_back({Op::Del, a[i++]});  // removals first, as diff prints them
        } else {
            out.push_back({Op::Add, b[j++]});
        }
    }
}

std::vector<Line> edit_script(std::string_view before, std::string_view after) {
    const auto a = split_lines(before);
    const auto b = split_lines(after);
    std::size_t head = 0;
    while (head < a.size() && head < b.size() && a[head] == b[head]) {
        ++head;
    }
    std::size_t tail = 0;
    while (tail < a.size() - head && tail < b.size() - head &&
           a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) {
        ++tail;
    }
    std::vector<Line> lines;
    for (std::size_t k = 0; k < head; ++k) {
        lines.push_back({Op::Same, a[k]});
    }
    diff_middle({a.begin() + head, a.end() - tail}, {b.begin() + head, b.end() - tail}, lines);
    for (std::size_t k = a.size() - tail; k < a.size(); ++k) {
        lines.push_back({Op::Same, a[k]});
    }
    return lines;
}

// Whether line k is within kContextLines of a changed line.
std::vector<bool> near_change(const std::vector<Line>& lines) {
    std::vector<bool> keep(lines.size(), false);
    for (std::size_t k = 0; k < lines.size(); ++k) {
        if (lines[k].op == Op::Same) {
            continue;
        }
        const std::size_t from = k - std::min(k, kContextLines);
        const std::size_t to = std::min(lines.size(), k + kContextLines + 1);
        std::fill(keep.begin() + static_cast<std::ptrdiff_t>(from),
                  keep.begin() + static_cast<std::ptrdiff_t>(to), true);
    }
    return keep;
}

}  // namespace

Diff diff_lines(std::string_view before, std::string_view after) {
    const std::vector<Line> lines = edit_script(before, after);
    const std::vector<bool> keep = near_change(lines);
    Diff diff{.html = "<pre class=\"diff\"><code>"};
    std::size_t folded = 0;
    const auto flush_fold = [&] {
        if (folded > 0) {
            diff.html += fmt::format("<span class=\"fold\">… {} unchanged line{}</span>", folded,
                                     folded == 1 ? "" : "s");
            folded = 0;
        }
    };
    for (std::size_t k = 0; k < lines.size(); ++k) {
        const Line& line = lines[k];
        if (line.op == Op::Same && !keep[k]) {
            ++folded;
            continue;
        }
        flush_fold();
        const bool is_add = line.op == Op::Add;
        if (line.op != Op::Same) {
            (is_add ? diff.added : diff.removed) += 1;
        }
        const char* css = line.op == Op::Same ? "same" : is_add ? "add" : "del";
        const char mark = line.op == Op::Same ? ' ' : is_add ? '+' : '-';
        diff.html += fmt::format("<span class=\"{}\">{} {}</span>", css, mark, escape(line.text));
    }
    flush_fold();
    diff.html += "</code></pre>\n";
    return diff;
}

}  // namespace rtlduet::html
