// hdl/forbidden.cpp: the policy on constructs generated RTL may not use, on top of the
// sandbox: anything that runs host code ($system, $c, DPI, `systemc_* blocks), touches files
// ($fopen and the file I/O family, $readmem*/$writemem*, `include), or could hide one of
// those behind a macro (token pasting). Checked on tokens, so comments and strings are inert.
#include <algorithm>
#include <array>
#include <map>

#include <fmt/format.h>

#include "hdl/detail/tokens.h"
#include "hdl/lint.h"

namespace rtlduet::hdl {
namespace {

using detail::Token;
using detail::TokenKind;

constexpr std::string_view kCode = "FORBIDDEN";
constexpr std::size_t kMaxSourceBytes = 1 << 20;

struct Rule {
    std::string_view name;
    bool is_family;  // also matches longer names (e.g. $fwrite -> $fwriteh)
    std::string_view why;
};

constexpr std::array<Rule, 16> kSystemRules = {{
    {"$system", false, "runs a host command"},
    {"$fopen", false, "opens a host file"},
    {"$fwrite", true, "writes to a file"},
    {"$fdisplay", true, "writes to a file"},
    {"$fstrobe", true, "writes to a file"},
    {"$fmonitor", true, "writes to a file"},
    {"$fread", false, "reads a file"},
    {"$fscanf", false, "reads a file"},
    {"$fgets", false, "reads a file"},
    {"$fgetc", false, "reads a file"},
    {"$ungetc", false, "reads a file"},
    {"$readmemh", false, "reads a host file"},
    {"$readmemb", false, "reads a host file"},
    {"$writememh", false, "writes a host file"},
    {"$writememb", false, "writes a host file"},
    {"$fflush", false, "writes to a file"},
}};

// Verilator's $c, $c8, $c16, ... paste C++ into the simulation.
bool is_inline_cpp(std::string_view name) {
    return name.starts_with("$c") &&
           std::all_of(name.begin() + 2, name.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<std::string> system_name_problem(std::string_view name) {
    if (is_inline_cpp(name)) {
        return fmt::format("{} is not allowed: it inserts C++ into the simulation", name);
    }
    for (const Rule& rule : kSystemRules) {
        if (name == rule.name || (rule.is_family && name.starts_with(rule.name))) {
            return fmt::format("{} is not allowed: it {}", name, rule.why);
        }
    }
    return std::nullopt;
}

std::optional<std::string> directive_problem(std::string_view name) {
    if (name == "`include") {
        return "`include is not allowed: it reads a host file";
    }
    if (name.starts_with("`systemc_")) {
        return fmt::format("{} is not allowed: it inserts C++ into the simulation", name);
    }
    return std::nullopt;
}

std::optional<std::string> token_problem(const std::vector<Token>& tokens, std::size_t i) {
    const Token& token = tokens[i];
    switch (token.kind) {
        case TokenKind::SystemName:
            return system_name_problem(token.text);
        case TokenKind::Directive:
            return directive_problem(token.text);
        case TokenKind::Paste:
            return token.is_in_define ? std::optional<std::string>(
                                            "token pasting (``) in a `define is not allowed: it "
                                            "can build a refused "
                                            "name")
                                      : std::nullopt;
        case TokenKind::EscapedName:
            return token.text.starts_with("\\$")
                       ? std::optional<std::string>(
                             fmt::format("escaped name {} is not allowed", token.text))
                       : std::nullopt;
        case TokenKind::Identifier: {
            // `import "DPI-C" ...`; a macro in place of the string could hide the same.
            const bool is_foreign =
                i + 1 < tokens.size() && (tokens[i + 1].kind == TokenKind::String ||
                                          tokens[i + 1].kind == TokenKind::Directive);
            return (token.text == "import" || token.text == "export") && is_foreign
                       ? std::optional<std::string>(
                             fmt::format("DPI {} is not allowed: it calls host code", token.text))
                       : std::nullopt;
        }
        default:
            return std::nullopt;
    }
}

std::vector<std::string> module_names(const std::vector<Token>& tokens) {
    std::vector<std::string> names;
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
        if ((tokens[i].text == "module" || tokens[i].text == "macromodule") &&
            !tokens[i].is_in_define && tokens[i + 1].kind == TokenKind::Identifier) {
            names.push_back(tokens[i + 1].text);
        }
    }
    return names;
}

}  // namespace

std::vector<std::string> declared_modules(std::string_view source) {
    return module_names(detail::tokenize(source));
}

std::vector<Diagnostic> find_forbidden_constructs(std::string_view source,
                                                  std::string_view file_name,
                                                  std::string_view top) {
    // No hand-written or generated module needs this much text; refusing it early keeps a
    // 50 MB file away from every tool.
    if (source.size() > kMaxSourceBytes) {
        return {Diagnostic{.file = std::string(file_name),
                           .line = 1,
                           .severity = "error",
                           .code = std::string(kCode),
                           .message = fmt::format("the design is {} bytes; more than {} bytes "
                                                  "of RTL is refused",
                                                  source.size(), kMaxSourceBytes)}};
    }
    const std::vector<Token> tokens = detail::tokenize(source);
    std::vector<Diagnostic> found;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (auto problem = token_problem(tokens, i)) {
            std::string message = tokens[i].is_in_define
                                      ? fmt::format("{} (inside a `define)", *problem)
                                      : std::move(*problem);
            found.push_back(Diagnostic{.file = std::string(file_name),
                                       .line = tokens[i].line,
                                       .severity = "error",
                                       .code = std::string(kCode),
                                       .message = std::move(message)});
        }
    }
    // Simulators disagree on a module declared twice (Icarus refuses it, Verilator keeps one
    // with a warning), so it is refused before either sees it.
    std::map<std::string, int> first_line;
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
        if ((tokens[i].text == "module" || tokens[i].text == "macromodule") &&
            !tokens[i].is_in_define && tokens[i + 1].kind == TokenKind::Identifier) {
            const auto [it, is_new] = first_line.emplace(tokens[i + 1].text, tokens[i].line);
            if (!is_new) {
                found.push_back(Diagnostic{
                    .file = std::string(file_name),
                    .line = tokens[i].line,
                    .severity = "error",
                    .code = std::string(kCode),
                    .message = fmt::format("module {} is declared twice (lines {} and {})",
                                           it->first, it->second, tokens[i].line)});
            }
        }
    }
    const auto names = module_names(tokens);
    if (!top.empty() && std::find(names.begin(), names.end(), top) == names.end()) {
        found.push_back(Diagnostic{.file = std::string(file_name),
                                   .line = 1,
                                   .severity = "error",
                                   .code = std::string(kCode),
                                   .message = fmt::format("no `module {}` declaration", top)});
    }
    return found;
}

}  // namespace rtlduet::hdl
