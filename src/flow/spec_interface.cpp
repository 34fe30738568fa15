// flow/spec_interface.cpp: finds the port list a spec states.
#include "flow/spec_interface.h"

#include <regex>
#include <vector>

#include <fmt/format.h>

namespace rtlduet::flow {
namespace {

std::optional<std::string> quoted_header(std::string_view spec) {
    const std::size_t start = spec.find("module TopModule");
    if (start == std::string_view::npos) {
        return std::nullopt;
    }
    const std::size_t end = spec.find(");", start);
    if (end == std::string_view::npos) {
        return std::nullopt;
    }
    return std::string(spec.substr(start, end + 2 - start)) + "\nendmodule\n";
}

// A spec's port bullet list: "- input  name", "- output name (8 bits)", optional comma.
std::optional<std::string> header_from_bullets(std::string_view spec) {
    static const std::regex kBullet(
        R"(^\s*-\s+(input|output)\s+([A-Za-z_][A-Za-z0-9_]*)\s*,?\s*(\((\d+)\s+bits?\))?\s*$)");
    std::vector<std::string> ports;
    std::size_t start = 0;
    while (start < spec.size()) {
        const std::size_t end = std::min(spec.find('\n', start), spec.size());
        const std::string line(spec.substr(start, end - start));
        start = end + 1;
        std::smatch match;
        if (!std::regex_match(line, match, kBullet)) {
            continue;
        }
        const int width = match[4].matched ? std::stoi(match[4].str()) : 1;
        const std::string range = width > 1 ? fmt::format("[{}:0] ", width - 1) : "";
        ports.push_back(fmt::format("  {} {}{}", match[1].str(), range, match[2].str()));
    }
    if (ports.empty()) {
        return std::nullopt;
    }
    return fmt::format("module TopModule (\n{}\n);\nendmodule\n", fmt::join(ports, ",\n"));
}

}  // namespace

std::optional<std::string> interface_text_from_spec(std::string_view spec) {
    if (auto header = quoted_header(spec)) {
        return header;
    }
    return header_from_bullets(spec);
}

}  // namespace rtlduet::flow
