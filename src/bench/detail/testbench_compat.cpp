// bench/detail/testbench_compat.cpp: moves the two verification wires of a VerilogEval
// testbench ahead of their first use, by line, keeping every other line where it was.
#include "bench/detail/testbench_compat.h"

#include <regex>
#include <vector>

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

}  // namespace

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
