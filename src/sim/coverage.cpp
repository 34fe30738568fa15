// sim/coverage.cpp: reads the harness's coverage file (Verilator's counts of each window of rows) and summarises
// them: lines and branches reached, toggled bits, and the states of case-coded state machines
// found in the design's text (the case items over one variable with named labels).
#include "sim/coverage.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <regex>
#include <tuple>

#include <fmt/format.h>

#include "util/files.h"

namespace rtlduet::sim {
namespace {

namespace fs = std::filesystem;

// One key of the file: "\x01name\x02value" pairs.
std::map<std::string, std::string> key_fields(std::string_view key) {
    std::map<std::string, std::string> fields;
    std::size_t at = 0;
    while ((at = key.find('\x01', at)) != std::string_view::npos) {
        const std::size_t value = key.find('\x02', at);
        if (value == std::string_view::npos) {
            break;
        }
        const std::size_t end = std::min(key.find('\x01', value), key.size());
        fields.emplace(std::string(key.substr(at + 1, value - at - 1)),
                       std::string(key.substr(value + 1, end - value - 1)));
        at = end;
    }
    return fields;
}

std::optional<CoveragePoint> point_of(const std::map<std::string, std::string>& fields) {
    const auto page = fields.find("page");
    if (page == fields.end()) {
        return std::nullopt;
    }
    CoveragePoint point;
    if (page->second.starts_with("v_line")) {
        point.kind = CoveragePoint::Kind::Line;
    } else if (page->second.starts_with("v_branch")) {
        point.kind = CoveragePoint::Kind::Branch;
    } else if (page->second.starts_with("v_toggle")) {
        point.kind = CoveragePoint::Kind::Toggle;
    } else {
        return std::nullopt;
    }
    const auto get = [&](const char* name) {
        const auto found = fields.find(name);
        return found == fields.end() ? std::string() : found->second;
    };
    point.file = get("f");
    point.line = std::atoi(get("l").c_str());
    point.column = std::atoi(get("n").c_str());
    point.comment = get("o");
    return point;
}

// Parses one window's file into counts by key, appending points the first file introduces.
util::Status parse_window(std::string_view text, std::map<std::string, std::size_t>& index,
                          CoverageCounts& counts) {
    std::vector<std::uint64_t>& window = counts.windows.emplace_back(counts.points.size(), 0);
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        const std::string_view line = text.substr(start, end - start);
        start = end + 1;
        if (!line.starts_with("C '")) {
            continue;
        }
        const std::size_t close = line.rfind('\'');
        if (close <= 2) {
            return util::make_error(util::ErrorKind::Internal, "coverage: a malformed line");
        }
        const std::string key(line.substr(3, close - 3));
        const std::uint64_t count =
            std::strtoull(std::string(line.substr(close + 1)).c_str(), nullptr, 10);
        auto [at, is_new] = index.emplace(key, counts.points.size());
        if (is_new) {
            const auto point = point_of(key_fields(key));
            if (!point) {
                index.erase(at);
                continue;
            }
            counts.points.push_back(*point);
            for (auto& earlier : counts.windows) {
                earlier.resize(counts.points.size(), 0);
            }
        }
        window[at->second] += count;
    }
    return {};
}

struct CaseSpan {
    std::size_t begin = 0;
    std::size_t end = 0;  // offset of its endcase (or the end of the text)
    std::string variable;
    int line = 0;
};

int line_at(std::string_view text, std::size_t offset) {
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + offset, '\n'));
}

// The text with comments blanked out (offsets and line numbers kept).
std::string without_comments(std::string text) {
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
        if (text[i] == '/' && (text[i + 1] == '/' || text[i + 1] == '*')) {
            const bool is_line = text[i + 1] == '/';
            const std::size_t end = is_line ? text.find('\n', i) : text.find("*/", i + 2);
            const std::size_t stop = end == std::string::npos ? text.size()
                                     : is_line                ? end
                                                              : end + 2;
            for (std::size_t j = i; j < stop; ++j) {
                text[j] = text[j] == '\n' ? '\n' : ' ';
            }
            i = stop;
        }
    }
    return text;
}

std::vector<CaseSpan> case_spans(const std::string& text) {
    static const std::regex token(
        R"(\b(?:case[zx]?\s*\(\s*([A-Za-z_][A-Za-z0-9_$]*)\s*\)|case[zx]?\b|endcase\b))");
    std::vector<CaseSpan> spans;
    std::vector<std::size_t> open;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), token);
         it != std::sregex_iterator(); ++it) {
        const auto offset = static_cast<std::size_t>(it->position());
        if (it->str().starts_with("endcase")) {
            if (!open.empty()) {
                spans[open.back()].end = offset;
                open.pop_back();
            }
            continue;
        }
        open.push_back(spans.size());
        spans.push_back({.begin = offset,
                         .end = text.size(),
                         .variable = (*it)[1].str(),
                         .line = line_at(text, offset)});
    }
    return spans;
}

std::size_t offset_of(std::string_view text, int line, int column) {
    std::size_t offset = 0;
    for (int l = 1; l < line && offset != std::string_view::npos; ++l) {
        offset = text.find('\n', offset);
        offset = offset == std::string_view::npos ? offset : offset + 1;
    }
    return offset == std::string_view::npos ? text.size()
                                            : std::min(text.size(), offset + column - 1);
}

// The label of the case item whose coverage point is at `offset` (its colon): the text since
// the previous statement on that line.
std::string item_label(std::string_view text, std::size_t offset) {
    std::size_t from = text.rfind('\n', offset == 0 ? 0 : offset - 1);
    from = from == std::string_view::npos ? 0 : from + 1;
    std::string label(text.substr(from, offset - from));
    const std::size_t cut = label.find_last_of(";");
    if (cut != std::string::npos) {
        label = label.substr(cut + 1);
    }
    for (const char* word : {"begin", "end"}) {
        if (const auto at = label.rfind(word); at != std::string::npos && label.find(':') > at) {
            label = label.substr(at + std::string_view(word).size());
        }
    }
    label.erase(0, label.find_first_not_of(" \t"));
    label.erase(label.find_last_not_of(" \t:") + 1);
    if (label.empty()) {
        // Some items (default) are marked at their first word rather than at the colon.
        const std::size_t end = text.find_first_of(" \t:", offset);
        label =
            std::string(text.substr(offset, end == std::string_view::npos ? end : end - offset));
    }
    return label;
}

bool is_named(const std::string& label) {
    static const std::regex names(R"([A-Za-z_]\w*(\s*,\s*[A-Za-z_]\w*)*)");
    return std::regex_match(label, names);
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

// The state machines of one design file: case items grouped by their case statement.
void add_fsms(const CoverageCounts& counts, const std::vector<bool>& reached,
              const DesignSource& source, std::vector<FsmCoverage>& fsms) {
    const std::string text = without_comments(source.text);
    const auto spans = case_spans(text);
    std::map<std::size_t, FsmCoverage> found;  // by span index
    std::map<std::size_t, bool> all_named;
    for (std::size_t p = 0; p < counts.points.size(); ++p) {
        const CoveragePoint& point = counts.points[p];
        if (point.file != source.copy || point.comment != "case") {
            continue;
        }
        const std::size_t offset = offset_of(text, point.line, point.column);
        std::optional<std::size_t> inner;
        for (std::size_t s = 0; s < spans.size(); ++s) {
            if (spans[s].begin < offset && offset < spans[s].end &&
                (!inner || spans[s].begin > spans[*inner].begin)) {
                inner = s;
            }
        }
        const std::string label = item_label(text, offset);
        if (!inner || spans[*inner].variable.empty() || label == "default") {
            continue;
        }
        FsmCoverage& fsm = found[*inner];
        fsm.variable = spans[*inner].variable;
        fsm.line = spans[*inner].line;
        fsm.states.push_back(label);
        if (!reached[p]) {
            fsm.unreached.push_back(label);
        }
        auto [flag, is_first] = all_named.emplace(*inner, true);
        flag->second = flag->second && is_named(label);
    }
    for (auto& [span, fsm] : found) {
        const bool is_state = lower(fsm.variable).find("state") != std::string::npos;
        if (fsm.states.size() >= 2 && (is_state || all_named[span])) {
            fsms.push_back(std::move(fsm));
        }
    }
}

}  // namespace

std::vector<bool> CoverageCounts::reached() const {
    std::vector<bool> hit(points.size(), false);
    for (const auto& window : windows) {
        for (std::size_t p = 0; p < window.size(); ++p) {
            hit[p] = hit[p] || window[p] > 0;
        }
    }
    return hit;
}

std::vector<int> CoverageCounts::first_window() const {
    std::vector<int> first(points.size(), -1);
    for (std::size_t w = 0; w < windows.size(); ++w) {
        for (std::size_t p = 0; p < windows[w].size(); ++p) {
            if (first[p] < 0 && windows[w][p] > 0) {
                first[p] = static_cast<int>(w);
            }
        }
    }
    return first;
}

util::Result<CoverageCounts> read_coverage(const fs::path& work_dir, std::size_t rows) {
    CoverageCounts counts;
    const fs::path file = work_dir / "coverage.dat";
    std::error_code ec;
    if (!fs::exists(file, ec)) {
        counts.window_rows = std::max<std::size_t>(rows, 1);
        return counts;
    }
    auto text = util::read_file(file);
    if (!text) {
        return text.error();
    }
    // The windows in order, each after its "# rtlduet window <n>" line.
    constexpr std::string_view kMark = "# rtlduet window ";
    std::vector<std::string_view> windows;
    const std::string_view all = *text;
    for (std::size_t at = all.find(kMark); at != std::string_view::npos;) {
        const std::size_t body = all.find('\n', at);
        if (body == std::string_view::npos ||
            std::strtoul(std::string(all.substr(at + kMark.size(), body - at)).c_str(), nullptr,
                         10) != windows.size()) {
            return util::make_error(util::ErrorKind::Internal,
                                    "coverage: the windows are not in order");
        }
        const std::size_t next = all.find(kMark, body);
        windows.push_back(all.substr(body + 1, std::min(next, all.size()) - body - 1));
        at = next;
    }
    counts.window_rows = windows.empty() ? std::max<std::size_t>(rows, 1)
                                         : (rows + windows.size() - 1) / windows.size();
    std::map<std::string, std::size_t> index;
    for (const std::string_view window : windows) {
        if (auto parsed = parse_window(window, index, counts); !parsed) {
            return parsed.error();
        }
    }
    return counts;
}

Coverage summarize_coverage(const CoverageCounts& counts,
                            const std::vector<DesignSource>& sources) {
    Coverage coverage{.is_measured = !counts.empty()};
    const auto reached = counts.reached();
    const auto display = [&](const std::string& copy) {
        for (const DesignSource& source : sources) {
            if (source.copy == copy) {
                return source.display_name;
            }
        }
        return copy;
    };
    for (std::size_t p = 0; p < counts.points.size(); ++p) {
        const CoveragePoint& point = counts.points[p];
        if (point.kind == CoveragePoint::Kind::Toggle) {
            ++coverage.toggle_bits;
            coverage.toggles_hit += reached[p] ? 1 : 0;
            if (!reached[p]) {
                coverage.untoggled.push_back(point.comment);
            }
            continue;
        }
        ++coverage.lines;
        coverage.lines_hit += reached[p] ? 1 : 0;
        if (!reached[p]) {
            coverage.uncovered_lines.push_back(
                {.file = display(point.file), .line = point.line, .kind = point.comment});
        }
    }
    std::sort(coverage.uncovered_lines.begin(), coverage.uncovered_lines.end(),
              [](const UncoveredLine& a, const UncoveredLine& b) {
                  return std::tie(a.file, a.line) < std::tie(b.file, b.line);
              });
    for (const DesignSource& source : sources) {
        add_fsms(counts, reached, source, coverage.fsms);
    }
    return coverage;
}

double line_fraction(const Coverage& coverage) {
    return coverage.lines == 0
               ? 1.0
               : static_cast<double>(coverage.lines_hit) / static_cast<double>(coverage.lines);
}

}  // namespace rtlduet::sim
