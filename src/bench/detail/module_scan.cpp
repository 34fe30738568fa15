// bench/detail/module_scan.cpp: a small tokenizer over Verilog with comments and strings
// masked (offsets kept), enough to find module declarations and instantiations in benchmark
// files. It does not parse: the simulators still decide whether the code is valid.
#include "bench/detail/module_scan.h"

#include <algorithm>

#include "bench/detail/verilog_tokens.h"

namespace rtlduet::bench::detail {
namespace {

bool is_keyword(std::string_view word) {
    static const std::set<std::string_view> kKeywords = {
        "module",       "macromodule", "endmodule",   "input",     "output",    "inout",
        "wire",         "reg",         "logic",       "tri",       "supply0",   "supply1",
        "wand",         "wor",         "assign",      "always",    "always_ff", "always_comb",
        "always_latch", "initial",     "final",       "begin",     "end",       "if",
        "else",         "case",        "casez",       "casex",     "endcase",   "for",
        "while",        "repeat",      "forever",     "integer",   "parameter", "localparam",
        "defparam",     "generate",    "endgenerate", "genvar",    "function",  "endfunction",
        "task",         "endtask",     "default",     "posedge",   "negedge",   "or",
        "and",          "not",         "xor",         "xnor",      "nand",      "nor",
        "buf",          "bufif0",      "bufif1",      "notif0",    "notif1",    "wait",
        "fork",         "join",        "join_any",    "join_none", "return",    "break",
        "continue",     "typedef",     "enum",        "struct",    "union",     "packed",
        "int",          "bit",         "byte",        "shortint",  "longint",   "signed",
        "unsigned",     "real",        "realtime",    "time",      "string",    "do",
        "foreach",      "unique",      "unique0",     "priority",  "automatic", "static",
        "void",         "const",       "var",         "import",    "export",    "assert",
        "assume",       "cover",       "property",    "sequence",  "disable",   "force",
        "release",      "deassign",    "pullup",      "pulldown",  "specify",   "primitive",
        "interface",    "package",     "program",     "class",     "modport",   "clocking",
        "event",        "inside",      "with",        "new",       "virtual",   "extern",
        "rand",         "constraint",  "covergroup",  "bind",      "type",      "cmos",
        "nmos",         "pmos",        "rnmos",       "rpmos",     "tran"};
    return kKeywords.contains(word);
}

// Where a module instantiation may start: after these tokens (or at the start of the file).
bool starts_statement_after(const Token& previous) {
    static const std::set<std::string_view> kAfter = {
        ";", ")", ":", "begin", "end", "else", "generate", "endgenerate", "endcase"};
    return kAfter.contains(previous.text);
}

bool is_name(const std::vector<Token>& tokens, std::size_t i) {
    return i < tokens.size() && tokens[i].kind == TokenKind::Identifier &&
           !is_keyword(tokens[i].text);
}

bool is_punct(const std::vector<Token>& tokens, std::size_t i, std::string_view text) {
    return i < tokens.size() && tokens[i].text == text;
}

// `TYPE [#(...)] NAME [range] (` starting at token i.
bool is_instantiation(const std::vector<Token>& tokens, std::size_t i) {
    if (!is_name(tokens, i) || (i > 0 && !starts_statement_after(tokens[i - 1]))) {
        return false;
    }
    std::size_t j = i + 1;
    if (is_punct(tokens, j, "#")) {
        j = is_punct(tokens, j + 1, "(") ? skip_group(tokens, j + 1) : j + 2;
    }
    if (!is_name(tokens, j)) {
        return false;
    }
    ++j;
    if (is_punct(tokens, j, "[")) {
        j = skip_group(tokens, j);
    }
    return is_punct(tokens, j, "(");
}

int line_of(std::string_view text, std::size_t offset) {
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + offset, '\n'));
}

struct ModuleToken {
    std::string_view name;
    std::size_t keyword_offset = 0;
};

std::vector<ModuleToken> module_tokens(const std::vector<Token>& tokens) {
    std::vector<ModuleToken> found;
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
        if ((tokens[i].text == "module" || tokens[i].text == "macromodule") &&
            tokens[i + 1].kind == TokenKind::Identifier) {
            found.push_back({tokens[i + 1].text, tokens[i].offset});
        }
    }
    return found;
}

}  // namespace

std::vector<ModuleDecl> declared_modules(std::string_view text) {
    const std::string masked = mask_comments_and_strings(text);
    std::vector<ModuleDecl> declared;
    for (const ModuleToken& module : module_tokens(tokenize(masked))) {
        declared.push_back({std::string(module.name), line_of(text, module.keyword_offset)});
    }
    return declared;
}

std::set<std::string> instantiated_modules(std::string_view text) {
    const std::string masked = mask_comments_and_strings(text);
    const std::vector<Token> tokens = tokenize(masked);
    std::set<std::string> types;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (is_instantiation(tokens, i)) {
            types.emplace(tokens[i].text);
        }
    }
    return types;
}

std::vector<std::string> root_modules(std::string_view text) {
    const std::set<std::string> used = instantiated_modules(text);
    std::vector<std::string> roots;
    for (const ModuleDecl& module : declared_modules(text)) {
        if (!used.contains(module.name) &&
            std::find(roots.begin(), roots.end(), module.name) == roots.end()) {
            roots.push_back(module.name);
        }
    }
    return roots;
}

std::string rename_modules(std::string_view text,
                           const std::map<std::string, std::string>& renames) {
    const std::string masked = mask_comments_and_strings(text);
    const std::vector<Token> tokens = tokenize(masked);
    std::string result;
    std::size_t copied = 0;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const bool declares =
            i > 0 && (tokens[i - 1].text == "module" || tokens[i - 1].text == "macromodule");
        const auto it = tokens[i].kind == TokenKind::Identifier
                            ? renames.find(std::string(tokens[i].text))
                            : renames.end();
        if (it != renames.end() && (declares || is_instantiation(tokens, i))) {
            result.append(text.substr(copied, tokens[i].offset - copied)).append(it->second);
            copied = tokens[i].offset + tokens[i].text.size();
        }
    }
    return result.append(text.substr(copied));
}

std::string macro_definitions(std::string_view text) {
    const std::string masked = mask_comments_and_strings(text);
    std::string defines;
    for (const Token& token : tokenize(masked)) {
        if (token.text != "`define") {
            continue;
        }
        // A line ending in a backslash continues the definition.
        std::size_t end = std::min(text.find('\n', token.offset), text.size());
        while (end < text.size() && text[end - 1] == '\\') {
            end = std::min(text.find('\n', end + 1), text.size());
        }
        defines.append(text.substr(token.offset, end - token.offset)).append("\n");
    }
    return defines;
}

std::map<std::string, std::string> module_sources(std::string_view text,
                                                  const std::set<std::string>& names) {
    const std::string masked = mask_comments_and_strings(text);
    const std::vector<Token> tokens = tokenize(masked);
    std::map<std::string, std::string> sources;
    for (const ModuleToken& module : module_tokens(tokens)) {
        const std::string name(module.name);
        if (!names.contains(name) || sources.contains(name)) {
            continue;
        }
        const auto end = std::find_if(tokens.begin(), tokens.end(), [&](const Token& t) {
            return t.offset > module.keyword_offset && t.text == "endmodule";
        });
        if (end != tokens.end()) {
            const std::size_t stop = end->offset + end->text.size();
            sources[name] =
                std::string(text.substr(module.keyword_offset, stop - module.keyword_offset)) +
                "\n";
        }
    }
    return sources;
}

}  // namespace rtlduet::bench::detail
