// llm/extract.h: pulls the Verilog or Python code out of a raw LLM reply (fenced blocks, bare
// code, reasoning blocks to ignore) so agents and the scorer parse only code.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace rtlduet::llm {

enum class CodeKind { Verilog, Python };

/// Removes <think>...</think> (and <thinking>) blocks from a reply: also a leading block whose
/// opening tag the chat template already sent (text up to a lone `</think>`), and a final
/// block that never closes (the reply was cut while reasoning).
std::string strip_reasoning(std::string_view reply);

/// The code of `kind` in a raw LLM reply: fenced blocks (```verilog/systemverilog/sv/v,
/// ```python/py, bare ```); among several, the one defining `module <top>` / `class <top>`
/// or `class TopModule` (the last such one, plus the Verilog helper modules it instantiates
/// from other blocks), else the last block that looks like code of that kind; with no fences,
/// the stretch of the text that is code. An empty `top` (not known yet) skips the Verilog
/// top rule. Reasoning blocks are ignored and CRLF becomes LF. The result ends with one
/// newline. nullopt when the reply holds no code of that kind.
std::optional<std::string> extract_code(std::string_view reply, CodeKind kind,
                                        std::string_view top = "TopModule");

}  // namespace rtlduet::llm
