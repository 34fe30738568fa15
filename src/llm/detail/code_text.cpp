// llm/detail/code_text.cpp: line classification for replies that hold code without fences.
// A line is kept when it is inside a design unit / under a statement, or looks like code on
// its own (comment, directive, statement); anything else is prose and dropped.
#include "llm/detail/code_text.h"

#include <array>
#include <cctype>

namespace rtlduet::llm::detail {
namespace {

bool starts_with(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

bool is_one_of(std::string_view word, std::initializer_list<std::string_view> words) {
    for (std::string_view candidate : words) {
        if (word == candidate) {
            return true;
        }
    }
    return false;
}

std::string_view first_word(std::string_view line) {
    const auto words = leading_words(line, 1);
    return words.empty() ? std::string_view() : words[0];
}

// Blank lines, comments, compiler directives and attributes may sit between design units.
bool is_verilog_filler(std::string_view line) {
    const std::string_view text = trim(line);
    return text.empty() || starts_with(text, "//") || starts_with(text, "`") ||
           starts_with(text, "/*") || starts_with(text, "*") || starts_with(text, "(*");
}

bool opens_unit(std::string_view word) {
    return is_one_of(word, {"module", "macromodule", "package", "interface", "primitive"});
}

bool closes_unit(std::string_view line) {
    return contains_word(line, "endmodule") || contains_word(line, "endpackage") ||
           contains_word(line, "endinterface") || contains_word(line, "endprimitive");
}

bool is_top_level_verilog(std::string_view word) {
    return is_one_of(word, {"typedef", "import", "parameter", "localparam"});
}

std::string join(const std::vector<std::string_view>& lines) {
    std::string out;
    for (std::string_view line : lines) {
        out.append(line).append("\n");
    }
    return out;
}

// Counts triple quotes so prose inside a multi-line string is not mistaken for prose.
bool toggles_string(std::string_view line) {
    std::size_t count = 0;
    for (std::string_view quote : {std::string_view("\"\"\""), std::string_view("'''")}) {
        for (std::size_t at = line.find(quote); at != std::string_view::npos;
             at = line.find(quote, at + 3)) {
            ++count;
        }
    }
    return count % 2 == 1;
}

std::string_view strip_python_comment(std::string_view line) {
    const std::size_t hash = line.find('#');
    return trim(hash == std::string_view::npos ? line : line.substr(0, hash));
}

// An assignment, call or subscript: a dotted name then `=`, `op=`, `(` or `[`.
bool is_python_expression_statement(std::string_view line) {
    std::size_t i = 0;
    while (i < line.size() && (is_ident_char(line[i]) || line[i] == '.')) {
        ++i;
    }
    if (i == 0 || std::isdigit(static_cast<unsigned char>(line[0])) != 0) {
        return false;
    }
    if (i < line.size() && (line[i] == '(' || line[i] == '[')) {
        return true;
    }
    const std::string_view rest = trim(line.substr(i));
    if (starts_with(rest, "==")) {
        return false;
    }
    if (starts_with(rest, "=")) {
        return true;
    }
    return rest.size() >= 2 && rest[1] == '=' &&
           std::string_view("+-*/%|&^").find(rest[0]) != std::string_view::npos;
}

// A line at column 0 that reads as a Python statement rather than prose.
bool is_python_statement(std::string_view line) {
    if (starts_with(line, "#") || starts_with(line, "@") || starts_with(line, "\"\"\"") ||
        starts_with(line, "'''") || starts_with(line, ")") || starts_with(line, "]") ||
        starts_with(line, "}")) {
        return true;
    }
    const auto words = leading_words(line, 2);
    if (words.empty()) {
        return false;
    }
    const std::string_view first = words[0];
    if (is_one_of(first, {"class", "def", "async"})) {
        return words.size() == 2;
    }
    if (first == "import" || first == "from") {
        return words.size() == 2 && (first == "import" || contains_word(line, "import"));
    }
    const std::string_view code = strip_python_comment(line);
    if (is_one_of(first,
                  {"if", "elif", "else", "for", "while", "try", "except", "finally", "with"})) {
        return !code.empty() && code.back() == ':';
    }
    if (is_one_of(first, {"pass", "raise", "assert", "del"})) {
        return true;
    }
    return is_python_expression_statement(line);
}

}  // namespace

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            lines.push_back(text.substr(start));
            break;
        }
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

std::string_view trim(std::string_view text) {
    const std::size_t first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) {
        return {};
    }
    const std::size_t last = text.find_last_not_of(" \t");
    return text.substr(first, last - first + 1);
}

bool is_ident_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '$';
}

// The first `count` identifier-like words of a line (stops at the first other character).
std::vector<std::string_view> leading_words(std::string_view line, std::size_t count) {
    std::vector<std::string_view> words;
    std::size_t i = 0;
    while (words.size() < count) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) {
            ++i;
        }
        const std::size_t start = i;
        while (i < line.size() && is_ident_char(line[i])) {
            ++i;
        }
        if (i == start) {
            break;
        }
        words.push_back(line.substr(start, i - start));
    }
    return words;
}

bool contains_word(std::string_view text, std::string_view word) {
    for (std::size_t at = text.find(word); at != std::string_view::npos;
         at = text.find(word, at + 1)) {
        const bool starts = at == 0 || !is_ident_char(text[at - 1]);
        const bool ends = at + word.size() == text.size() || !is_ident_char(text[at + word.size()]);
        if (starts && ends) {
            return true;
        }
    }
    return false;
}

std::optional<std::string> bare_verilog(std::string_view text) {
    const std::vector<std::string_view> lines = split_lines(text);
    std::size_t start = 0;
    while (start < lines.size() && !opens_unit(first_word(lines[start]))) {
        ++start;
    }
    if (start == lines.size()) {
        return std::nullopt;
    }
    while (start > 0 && is_verilog_filler(lines[start - 1])) {
        --start;
    }
    std::vector<std::string_view> kept;
    bool is_in_unit = false;
    bool is_in_comment = false;
    for (std::size_t i = start; i < lines.size(); ++i) {
        const std::string_view line = lines[i];
        const std::string_view first = first_word(line);
        if (!is_in_unit && opens_unit(first)) {
            is_in_unit = true;
        }
        if (is_in_unit || is_in_comment || is_verilog_filler(line) || is_top_level_verilog(first)) {
            kept.push_back(line);
        }
        if (is_in_unit && closes_unit(line)) {
            is_in_unit = false;
        }
        const std::size_t open = line.rfind("/*");
        const std::size_t close = line.rfind("*/");
        if (open != std::string_view::npos && (close == std::string_view::npos || close < open)) {
            is_in_comment = true;
        } else if (close != std::string_view::npos) {
            is_in_comment = false;
        }
    }
    return join(kept);
}

std::optional<std::string> bare_python(std::string_view text) {
    std::vector<std::string_view> kept;
    bool is_in_code = false;
    bool is_in_string = false;
    bool has_definition = false;
    for (std::string_view line : split_lines(text)) {
        bool keep = false;
        if (is_in_string) {
            keep = true;
        } else if (trim(line).empty()) {
            keep = !kept.empty();
        } else if (line[0] == ' ' || line[0] == '\t') {
            keep = is_in_code;
        } else {
            is_in_code = is_python_statement(line);
            keep = is_in_code;
            has_definition |= is_in_code && is_one_of(first_word(line), {"class", "def"});
        }
        if (keep) {
            kept.push_back(line);
            is_in_string ^= toggles_string(line);
        }
    }
    if (!has_definition) {
        return std::nullopt;
    }
    return join(kept);
}

}  // namespace rtlduet::llm::detail
