// bench/detail/testbench_compat.cpp: moves the two verification wires of a VerilogEval
// testbench ahead of their first use, by line, keeping every other line where it was; and
// turns loop breaks into disables of a named block around the loop.
#include "bench/detail/testbench_compat.h"

#include <algorithm>
#include <map>
#include <regex>
#include <vector>

#include <fmt/format.h>

#include "bench/detail/verilog_tokens.h"

namespace rtlduet::bench::detail {
namespace {

std::vector<std::string> split_keep_newlines(std::string_view text) {
    std::vector<std::string> lines;
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        const std::size_t take = end == std::string_view::npos ? text.size() : end + 1;
        lines.emplace_back(text.substr(0, take));
        text.remove_prefix(take);
    }
    return lines;
}

std::optional<std::size_t> find_line(const std::vector<std::string>& lines, const std::regex& re,
                                     std::size_t from = 0) {
    for (std::size_t i = from; i < lines.size(); ++i) {
        if (std::regex_search(lines[i], re)) {
            return i;
        }
    }
    return std::nullopt;
}

struct Loop {
    std::size_t first = 0;  // the loop keyword
    std::size_t last = 0;   // the body's `end`
};

// Loops whose body is a begin-end block, by keyword index.
std::vector<Loop> loops_with_blocks(const std::vector<Token>& tokens) {
    std::vector<Loop> loops;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const std::string_view word = tokens[i].text;
        if (word != "repeat" && word != "for" && word != "while" && word != "forever") {
            continue;
        }
        std::size_t body = i + 1;
        if (word != "forever" && body < tokens.size() && tokens[body].text == "(") {
            body = skip_group(tokens, body);
        }
        if (body < tokens.size() && tokens[body].text == "begin") {
            const std::size_t past = skip_group(tokens, body);
            if (past <= tokens.size() && tokens[past - 1].text == "end") {
                loops.push_back({i, past - 1});
            }
        }
    }
    return loops;
}

}  // namespace

std::optional<std::string> replace_break_statements(std::string_view testbench) {
    const std::string masked = mask_comments_and_strings(testbench);
    const std::vector<Token> tokens = tokenize(masked);
    const std::vector<Loop> loops = loops_with_blocks(tokens);
    std::map<std::size_t, std::string> inserts;               // offset -> text put there
    std::map<std::size_t, std::size_t> labels;                // loop keyword index -> label number
    std::vector<std::pair<std::size_t, std::size_t>> breaks;  // break offset, label
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
        if (tokens[i].text != "break" || tokens[i + 1].text != ";") {
            continue;
        }
        const Loop* inner = nullptr;
        for (const Loop& loop : loops) {
            if (loop.first < i && i < loop.last) {
                inner = &loop;  // later loops start deeper: the last one holding i is innermost
            }
        }
        if (inner == nullptr) {
            return std::nullopt;
        }
        const auto [it, is_new] = labels.emplace(inner->first, labels.size() + 1);
        if (is_new) {
            inserts[tokens[inner->first].offset] =
                fmt::format("begin : rtlduet_loop_{} ", it->second);
            inserts[tokens[inner->last].offset + 3] = " end";
        }
        breaks.emplace_back(tokens[i].offset, it->second);
    }
    if (breaks.empty()) {
        return std::nullopt;
    }
    for (const auto& [offset, label] : breaks) {
        inserts[offset] = fmt::format("disable rtlduet_loop_{}", label);
    }
    std::string result;
    std::size_t copied = 0;
    for (const auto& [offset, text] : inserts) {
        result.append(testbench.substr(copied, offset - copied)).append(text);
        const bool replaces_break = testbench.substr(offset, 5) == "break";
        copied = offset + (replaces_break ? 5 : 0);
    }
    return result.append(testbench.substr(copied));
}

std::optional<std::string> hoist_match_declarations(std::string_view testbench) {
    static const std::regex kModuleTb(R"(^\s*module\s+tb\s*\(\s*\)\s*;)");
    static const std::regex kMatch(R"(^\s*wire\s+tb_match\s*;)");
    static const std::regex kMismatch(R"(^\s*wire\s+tb_mismatch\s*=\s*~\s*tb_match\s*;)");
    std::vector<std::string> lines = split_keep_newlines(testbench);
    const auto module_line = find_line(lines, kModuleTb);
    if (!module_line) {
        return std::nullopt;
    }
    const auto match_line = find_line(lines, kMatch, *module_line);
    const auto mismatch_line = find_line(lines, kMismatch, *module_line);
    if (!match_line || !mismatch_line) {
        return std::nullopt;
    }
    const std::string hoisted = " wire tb_match; wire tb_mismatch = ~tb_match;";
    lines[*match_line] = "\n";
    lines[*mismatch_line] = "\n";
    std::string& header = lines[*module_line];
    const bool has_newline = !header.empty() && header.back() == '\n';
    if (has_newline) {
        header.pop_back();
    }
    header += hoisted + (has_newline ? "\n" : "");
    std::string result;
    for (const std::string& line : lines) {
        result += line;
    }
    return result;
}

}  // namespace rtlduet::bench::detail
