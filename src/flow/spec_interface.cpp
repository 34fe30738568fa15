// flow/spec_interface.cpp: the top module's name and ports as a spec states them.
#include "flow/detail/spec_interface.h"

#include <cctype>
#include <regex>
#include <vector>

#include <fmt/format.h>

#include "util/files.h"
#include "util/temp_dir.h"

namespace rtlduet::flow {
namespace {

using Match = std::match_results<std::string_view::const_iterator>;

// The name the bullets' header gets when the spec names no top: only its ports matter then.
constexpr std::string_view kUnnamedTop = "TopModule";

bool search(std::string_view text, const std::regex& pattern, Match& match) {
    return std::regex_search(text.begin(), text.end(), match, pattern);
}

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        std::string_view line = text.substr(start, end - start);
        if (line.ends_with('\r')) {
            line.remove_suffix(1);
        }
        lines.push_back(line);
        start = end + 1;
    }
    return lines;
}

// A quoted header: `module NAME`, an optional `#( ... )`, the port list `( ... )` and `;`.
struct QuotedHeader {
    std::string name;
    std::size_t begin = 0;
    std::size_t end = 0;  // just after the `;`
};

// The end of the parenthesised group opening at `open`, skipping // comments; npos if open.
std::size_t group_end(std::string_view text, std::size_t open) {
    int depth = 0;
    for (std::size_t i = open; i < text.size(); ++i) {
        if (text.compare(i, 2, "//") == 0) {
            i = std::min(text.find('\n', i), text.size());
            continue;
        }
        depth += text[i] == '(' ? 1 : text[i] == ')' ? -1 : 0;
        if (depth == 0) {
            return i + 1;
        }
    }
    return std::string_view::npos;
}

std::optional<std::size_t> skip_group(std::string_view text, std::size_t at) {
    at = text.find_first_not_of(" \t\r\n", at);
    if (at == std::string_view::npos || text[at] != '(') {
        return std::nullopt;
    }
    const std::size_t end = group_end(text, at);
    return end == std::string_view::npos ? std::nullopt : std::optional(end);
}

std::optional<QuotedHeader> find_header(std::string_view spec, std::string_view top) {
    static const std::regex kModule(R"(\bmodule\s+([A-Za-z_][A-Za-z0-9_$]*)\s*(#\s*)?\()");
    Match match;
    std::size_t offset = 0;
    while (search(spec.substr(offset), kModule, match)) {
        const std::size_t begin = offset + static_cast<std::size_t>(match.position(0));
        offset = begin + static_cast<std::size_t>(match.length(0));
        if (!top.empty() && match[1].str() != top) {
            continue;
        }
        std::size_t at = offset - 1;  // the first `(`
        if (match[2].matched) {
            const auto parameters = skip_group(spec, at);
            if (!parameters) {
                continue;
            }
            at = *parameters;
        }
        const auto ports = skip_group(spec, at);
        const std::size_t semicolon =
            ports ? spec.find_first_not_of(" \t\r\n", *ports) : std::string_view::npos;
        if (semicolon != std::string_view::npos && spec[semicolon] == ';') {
            return QuotedHeader{.name = match[1].str(), .begin = begin, .end = semicolon + 1};
        }
    }
    return std::nullopt;
}

// The quoted module has statements after its header and the spec speaks of a bug to fix:
// the header is part of the code under repair, not a statement of the interface.
bool is_code_to_fix(std::string_view spec, const QuotedHeader& header) {
    static const std::regex kFixWords(R"(\b(bugs?|buggy|fix|fixes|fixed)\b)", std::regex::icase);
    const std::size_t endmodule = spec.find("endmodule", header.end);
    const std::string_view body =
        spec.substr(header.end, endmodule == std::string_view::npos ? 0 : endmodule - header.end);
    Match match;
    return body.find_first_not_of(" \t\r\n") != std::string_view::npos &&
           search(spec, kFixWords, match);
}

util::Error bad_port_line(std::string_view spec_name, int line, std::string_view text) {
    util::Error error = util::make_error(
        util::ErrorKind::Input,
        fmt::format("cannot read the port line \"{}\": write `- input NAME`, `- output NAME "
                    "(N bits)`",
                    text));
    error.where = util::SourceLocation{.file = std::string(spec_name), .line = line};
    return error;
}

// One port bullet as Verilog, or the parameter its width depends on (`(WIDTH bits)`).
struct BulletPort {
    std::string declaration;
    std::string width_parameter;
};

std::optional<BulletPort> read_bullet(std::string_view line) {
    static const std::regex kBullet(
        R"(^\s*-\s*(input|output|inout)\s+(?:(?:reg|wire|logic)\s+)?(signed\s+)?)"
        R"((\[\s*\d+\s*:\s*\d+\s*\]\s*)?([A-Za-z_][A-Za-z0-9_$]*)\s*,?\s*)"
        R"((\(\s*(\d+|[A-Za-z_][A-Za-z0-9_]*)\s+bits?\s*\))?\s*,?\s*((:|--)\s.*)?$)");
    Match match;
    if (!std::regex_match(line.begin(), line.end(), match, kBullet)) {
        return std::nullopt;
    }
    const std::string width = match[6].str();
    const bool is_number = !width.empty() && std::isdigit(static_cast<unsigned char>(width[0]));
    if (!width.empty() && !is_number) {
        return BulletPort{.width_parameter = width};
    }
    const int bits = is_number ? std::stoi(width) : 1;
    if (bits < 1) {
        return std::nullopt;
    }
    std::string range = match[3].matched ? match[3].str() : "";
    if (range.empty() && bits > 1) {
        range = fmt::format("[{}:0] ", bits - 1);
    }
    return BulletPort{.declaration = fmt::format("  {} {}{}{}", match[1].str(), match[2].str(),
                                                 range, match[4].str())};
}

util::Result<SpecInterface> interface_from_bullets(std::string_view spec,
                                                   std::string_view spec_name,
                                                   std::string_view top) {
    static const std::regex kPortLine(R"(^\s*-\s*(input|output|inout)\b.*)");
    std::vector<std::string> ports;
    std::string width_parameter;
    int number = 0;
    for (const std::string_view line : split_lines(spec)) {
        ++number;
        Match match;
        if (!std::regex_match(line.begin(), line.end(), match, kPortLine)) {
            continue;
        }
        auto port = read_bullet(line);
        if (!port) {
            return bad_port_line(spec_name, number, line);
        }
        if (!port->width_parameter.empty()) {
            width_parameter = port->width_parameter;
        }
        ports.push_back(std::move(port->declaration));
    }
    SpecInterface found;
    if (!width_parameter.empty()) {
        found.note = fmt::format(
            "the spec's port list gives widths as parameter {} without its value: the ports "
            "come from the first candidate",
            width_parameter);
    } else if (!ports.empty()) {
        found.text = fmt::format("module {} (\n{}\n);\nendmodule\n",
                                 top.empty() ? kUnnamedTop : top, fmt::join(ports, ",\n"));
        found.source = "bullets";
    }
    return found;
}

}  // namespace

std::optional<SpecTop> top_from_spec(std::string_view spec) {
    static const std::regex kNamed(R"(\bmodule\s+named\s+[`"']?([A-Za-z_][A-Za-z0-9_$]*))",
                                   std::regex::icase);
    static const std::regex kModuleName(
        R"(\bmodule\s+name\s*:[ \t]*\r?\n?\s*[`"']?([A-Za-z_][A-Za-z0-9_$]*))", std::regex::icase);
    // The first statement wins: a later "a RAM module named X" describes a submodule.
    Match named;
    Match module_name;
    const bool has_named = search(spec, kNamed, named);
    const bool has_module_name = search(spec, kModuleName, module_name);
    if (has_named && (!has_module_name || named.position(0) < module_name.position(0))) {
        return SpecTop{.name = named[1].str(), .rule = "named"};
    }
    if (has_module_name) {
        return SpecTop{.name = module_name[1].str(), .rule = "module_name"};
    }
    if (const auto header = find_header(spec, "")) {
        return SpecTop{.name = header->name, .rule = "header"};
    }
    return std::nullopt;
}

util::Result<SpecInterface> interface_from_spec(std::string_view spec, std::string_view spec_name,
                                                std::string_view top) {
    std::string note;
    if (const auto header = find_header(spec, top)) {
        if (!is_code_to_fix(spec, *header)) {
            return SpecInterface{
                .text = std::string(spec.substr(header->begin, header->end - header->begin)) +
                        "\nendmodule\n",
                .source = "header"};
        }
        note = fmt::format(
            "the spec quotes module {} as code to fix: its header is not taken as the interface",
            header->name);
    }
    auto bullets = interface_from_bullets(spec, spec_name, top);
    if (bullets && !note.empty()) {
        bullets->note = bullets->note.empty() ? note : note + "; " + bullets->note;
    }
    return bullets;
}

util::Result<StatedInterface> stated_interface(const util::Sandbox& sandbox, std::string_view spec,
                                               std::string_view spec_name, std::string_view top,
                                               const hdl::SignalHints& hints,
                                               const std::vector<hdl::Parameter>& parameters) {
    auto stated = interface_from_spec(spec, spec_name, top);
    if (!stated) {
        return stated.error();
    }
    StatedInterface result{.note = stated->note};
    if (!stated->text) {
        return result;
    }
    auto dir = util::TempDir::create("rtlduet-spec-");
    if (!dir) {
        return dir.error();
    }
    const auto file = dir->path() / "interface.sv";
    if (auto written = util::write_file(file, *stated->text); !written) {
        return written.error();
    }
    auto ifc = hdl::extract_interface(sandbox, file, hints, {.parameters = parameters});
    if (!ifc) {
        // A --clock/--reset naming none of its inputs is the user's error (Usage) and ends the
        // run before any request.
        if (ifc.error().kind == util::ErrorKind::Tool || ifc.error().kind == util::ErrorKind::Io ||
            ifc.error().kind == util::ErrorKind::Usage) {
            return ifc.error();
        }
        result.note = fmt::format(
            "the spec's {} did not parse ({}): the ports come from the "
            "first candidate",
            stated->source == "header" ? "module header" : "port list", ifc.error().message);
        return result;
    }
    if (ifc->outputs().empty()) {
        // Nothing to compare: a typo, not an interface (VerilogEval Prob031 says `input q`).
        result.note =
            "the spec's port list has no output: the ports come from the first "
            "candidate";
        return result;
    }
    if (top.empty()) {
        ifc->module_name.clear();  // the spec's ports, but no name: each design names its own
    }
    result.interface = std::move(*ifc);
    return result;
}

}  // namespace rtlduet::flow
