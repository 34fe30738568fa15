// llm/detail/code_text.h: line-level text helpers for code extraction, and the scanners that
// find Verilog or Python written straight into a reply without fences.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rtlduet::llm::detail {

std::vector<std::string_view> split_lines(std::string_view text);
/// Strips spaces and tabs at both ends.
std::string_view trim(std::string_view text);
bool is_ident_char(char c);
/// The first `count` identifier-like words of a line (stops at the first other character).
std::vector<std::string_view> leading_words(std::string_view line, std::size_t count);
/// Whether `word` occurs in `text` as a whole identifier.
bool contains_word(std::string_view text, std::string_view word);

/// The Verilog in unfenced text: from the first `module` (with the comments and directives
/// just above it) to the last `endmodule`, without the prose lines between design units.
std::optional<std::string> bare_verilog(std::string_view text);
/// The Python in unfenced text: top-level statements and the indented lines under them,
/// without prose lines; nullopt unless it defines a class or function.
std::optional<std::string> bare_python(std::string_view text);

}  // namespace rtlduet::llm::detail
