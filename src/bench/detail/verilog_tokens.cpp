// bench/detail/verilog_tokens.cpp: masking and tokenizing of Verilog text (see the header).
#include "bench/detail/verilog_tokens.h"

#include <algorithm>
#include <cctype>

namespace rtlduet::bench::detail {
namespace {

bool is_ident_start(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_';
}
bool is_ident_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '$';
}

}  // namespace

std::string mask_comments_and_strings(std::string_view text) {
    std::string masked(text);
    for (std::size_t i = 0; i < masked.size();) {
        std::size_t end = i;
        if (masked.compare(i, 2, "//") == 0) {
            end = std::min(masked.find('\n', i), masked.size());
        } else if (masked.compare(i, 2, "/*") == 0) {
            const std::size_t close = masked.find("*/", i + 2);
            end = close == std::string::npos ? masked.size() : close + 2;
        } else if (masked[i] == '"') {
            end = i + 1;
            while (end < masked.size() && masked[end] != '"' && masked[end] != '\n') {
                end += masked[end] == '\\' ? 2 : 1;
            }
            end = std::min(end + 1, masked.size());
        } else {
            ++i;
            continue;
        }
        for (std::size_t k = i; k < end; ++k) {
            masked[k] = masked[k] == '\n' ? '\n' : ' ';
        }
        i = end;
    }
    return masked;
}

std::vector<Token> tokenize(std::string_view masked) {
    std::vector<Token> tokens;
    for (std::size_t i = 0; i < masked.size();) {
        const char c = masked[i];
        std::size_t end = i + 1;
        TokenKind kind = TokenKind::Other;
        if (std::isspace(static_cast<unsigned char>(c)) != 0) {
            ++i;
            continue;
        }
        if (is_ident_start(c)) {
            kind = TokenKind::Identifier;
        }
        if (is_ident_start(c) || c == '$' || c == '`' || c == '\'' ||
            std::isdigit(static_cast<unsigned char>(c)) != 0) {
            while (end < masked.size() && (is_ident_char(masked[end]) || masked[end] == '\'' ||
                                           (kind != TokenKind::Identifier && masked[end] == '?'))) {
                ++end;
            }
        } else {
            kind = TokenKind::Punct;
        }
        tokens.push_back({kind, masked.substr(i, end - i), i});
        i = end;
    }
    return tokens;
}

std::size_t skip_group(const std::vector<Token>& tokens, std::size_t open) {
    const std::string_view opener = tokens[open].text;
    const std::string_view closer = opener == "(" ? ")" : opener == "[" ? "]" : "end";
    int depth = 0;
    for (std::size_t i = open; i < tokens.size(); ++i) {
        depth += tokens[i].text == opener ? 1 : tokens[i].text == closer ? -1 : 0;
        if (depth == 0) {
            return i + 1;
        }
    }
    return tokens.size();
}

}  // namespace rtlduet::bench::detail
