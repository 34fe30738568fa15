// bench/detail/verilog_tokens.h: a small tokenizer over Verilog text for the lexical checks
// and rewrites of benchmark files: comments and string contents masked (offsets and lines
// kept), identifiers and punctuation as tokens. It does not parse.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace rtlduet::bench::detail {

enum class TokenKind { Identifier, Punct, Other };

struct Token {
    TokenKind kind = TokenKind::Other;
    std::string_view text;  // a view into the masked text
    std::size_t offset = 0;
};

/// Comments and string contents become spaces; newlines stay, so offsets and lines match.
std::string mask_comments_and_strings(std::string_view text);

/// Identifiers and punctuation; numbers (8'hff), system names ($display) and directives
/// (`define) are single Other tokens so their letters never look like identifiers.
std::vector<Token> tokenize(std::string_view masked);

/// Index past the bracketed group opening at `open` ("(", "[" or "begin"), or tokens.size().
std::size_t skip_group(const std::vector<Token>& tokens, std::size_t open);

}  // namespace rtlduet::bench::detail
