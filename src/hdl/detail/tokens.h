// hdl/detail/tokens.h: a light Verilog tokenizer for policy checks: comments dropped, strings
// kept as one token, system names ($x), directives (`x) and escaped identifiers told apart,
// each token with its line and whether it sits in a `define body.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace rtlduet::hdl::detail {

enum class TokenKind { Identifier, SystemName, Directive, Paste, EscapedName, String, Other };

struct Token {
    TokenKind kind = TokenKind::Other;
    std::string text;  // a directive keeps its backtick, a system name its dollar
    int line = 1;
    bool is_in_define = false;
};

std::vector<Token> tokenize(std::string_view source);

}  // namespace rtlduet::hdl::detail
