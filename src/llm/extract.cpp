// llm/extract.cpp: code extraction from LLM replies. Replies are scanned line by line: fenced
// blocks first (the usual case), then, when no block holds code of the wanted kind, the text
// outside the fences is searched for a stretch that is code, dropping prose lines around it.
#include "llm/extract.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <vector>

#include "llm/detail/code_text.h"

namespace rtlduet::llm {
namespace {

using detail::contains_word;
using detail::leading_words;
using detail::split_lines;
using detail::trim;

constexpr std::array<std::string_view, 2> kReasoningTags = {"think", "thinking"};

struct TagHit {
    std::size_t begin = std::string_view::npos;
    std::size_t end = std::string_view::npos;
};

// The earliest `<tag>` (or `</tag>` when closing) at or after `from`, over every tag name.
TagHit find_tag(std::string_view text, std::size_t from, bool closing) {
    TagHit best;
    for (std::string_view name : kReasoningTags) {
        const std::string tag = std::string(closing ? "</" : "<") + std::string(name) + ">";
        const std::size_t at = text.find(tag, from);
        if (at < best.begin) {
            best = {at, at + tag.size()};
        }
    }
    return best;
}

std::string_view trim_leading_blank_lines(std::string_view text) {
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) {
        return {};
    }
    const std::size_t line_start = text.rfind('\n', first);
    return line_start == std::string_view::npos ? text : text.substr(line_start + 1);
}

std::string normalize_newlines(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r') {
            out += '\n';
            if (i + 1 < text.size() && text[i + 1] == '\n') {
                ++i;
            }
        } else {
            out += text[i];
        }
    }
    return out;
}

std::string to_lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

struct Block {
    std::string tag;   // lower-case first word of the info string
    std::string body;  // lines between the fences, fence indentation removed
};

struct FenceScan {
    std::vector<Block> blocks;
    std::string outside;  // the lines outside every fence
};

// A fence line: at least three backticks or tildes after optional indentation.
std::optional<std::size_t> fence_length(std::string_view line, char* fence_char) {
    const std::string_view text = trim(line);
    if (text.size() < 3 || (text[0] != '`' && text[0] != '~')) {
        return std::nullopt;
    }
    std::size_t n = 0;
    while (n < text.size() && text[n] == text[0]) {
        ++n;
    }
    if (n < 3) {
        return std::nullopt;
    }
    *fence_char = text[0];
    return n;
}

std::string_view remove_indent(std::string_view line, std::size_t indent) {
    std::size_t i = 0;
    while (i < indent && i < line.size() && (line[i] == ' ' || line[i] == '\t')) {
        ++i;
    }
    return line.substr(i);
}

// Splits a reply into fenced blocks and the text outside them; an unclosed fence runs to the
// end (a reply cut by max_tokens).
FenceScan scan_fences(std::string_view text) {
    FenceScan scan;
    const std::vector<std::string_view> lines = split_lines(text);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        char open_char = 0;
        const auto open = fence_length(lines[i], &open_char);
        if (!open) {
            scan.outside.append(lines[i]).append("\n");
            continue;
        }
        const std::string_view info = trim(trim(lines[i]).substr(*open));
        const auto words = leading_words(info, 1);
        Block block{.tag = words.empty() ? std::string() : to_lower(words.front())};
        const std::size_t indent = lines[i].find(open_char);
        for (++i; i < lines.size(); ++i) {
            char close_char = 0;
            const auto close = fence_length(lines[i], &close_char);
            if (close && close_char == open_char && *close >= *open &&
                trim(lines[i]).size() == *close) {
                break;
            }
            block.body.append(remove_indent(lines[i], indent)).append("\n");
        }
        scan.blocks.push_back(std::move(block));
    }
    return scan;
}

bool is_verilog_tag(std::string_view tag) {
    return tag == "verilog" || tag == "systemverilog" || tag == "sv" || tag == "v" ||
           tag == "vlog" || tag == "svh" || tag == "vh";
}

bool is_python_tag(std::string_view tag) {
    return tag == "python" || tag == "py" || tag == "python3";
}

// Tags that say nothing about the language: the body decides.
bool is_generic_tag(std::string_view tag) {
    return tag.empty() || tag == "text" || tag == "txt" || tag == "plaintext" || tag == "code";
}

bool is_tag_of(std::string_view tag, CodeKind kind) {
    return kind == CodeKind::Verilog ? is_verilog_tag(tag) : is_python_tag(tag);
}

// The name a line defines: `module NAME` / `class NAME` (also `def NAME` for Python).
std::optional<std::string_view> defined_name(std::string_view line, CodeKind kind) {
    const auto words = leading_words(line, 2);
    if (words.size() < 2) {
        return std::nullopt;
    }
    const bool is_definition = kind == CodeKind::Verilog
                                   ? words[0] == "module" || words[0] == "macromodule"
                                   : words[0] == "class" || words[0] == "def";
    return is_definition ? std::optional(words[1]) : std::nullopt;
}

std::vector<std::string_view> defined_names(std::string_view code, CodeKind kind) {
    std::vector<std::string_view> names;
    for (std::string_view line : split_lines(code)) {
        if (auto name = defined_name(line, kind)) {
            names.push_back(*name);
        }
    }
    return names;
}

// Defines the top: `module <top>` (none when the top is not known yet), or the model class
// `class <top>` / `class TopModule` (accepted for any top).
bool defines_top(std::string_view code, CodeKind kind, std::string_view top) {
    for (std::string_view line : split_lines(code)) {
        const auto words = leading_words(line, 2);
        if (words.size() != 2) {
            continue;
        }
        const bool is_top =
            kind == CodeKind::Verilog
                ? words[0] == "module" && !top.empty() && words[1] == top
                : words[0] == "class" && (words[1] == "TopModule" || words[1] == top);
        if (is_top) {
            return true;
        }
    }
    return false;
}

bool looks_like(std::string_view code, CodeKind kind) {
    return !defined_names(code, kind).empty() ||
           (kind == CodeKind::Python && defines_top(code, kind, ""));
}

// The Verilog helper modules the chosen block uses but another block defines.
std::string helper_modules(const std::vector<const Block*>& candidates, const Block& chosen,
                           std::string_view top) {
    std::string helpers;
    const auto own = defined_names(chosen.body, CodeKind::Verilog);
    for (const Block* block : candidates) {
        if (block == &chosen || defines_top(block->body, CodeKind::Verilog, top)) {
            continue;
        }
        for (std::string_view name : defined_names(block->body, CodeKind::Verilog)) {
            const bool is_own = std::find(own.begin(), own.end(), name) != own.end();
            if (!is_own && contains_word(chosen.body, name)) {
                helpers += block->body + "\n";
                break;
            }
        }
    }
    return helpers;
}

std::optional<std::string> pick_block(const std::vector<Block>& blocks, CodeKind kind,
                                      std::string_view top) {
    std::vector<const Block*> candidates;
    for (const Block& block : blocks) {
        const bool is_generic_code = is_generic_tag(block.tag) && looks_like(block.body, kind);
        if (is_tag_of(block.tag, kind) || is_generic_code) {
            candidates.push_back(&block);
        }
    }
    const auto last_where = [&](auto predicate) -> const Block* {
        const auto it = std::find_if(candidates.rbegin(), candidates.rend(), predicate);
        return it == candidates.rend() ? nullptr : *it;
    };
    if (const Block* chosen =
            last_where([&](const Block* b) { return defines_top(b->body, kind, top); })) {
        return kind == CodeKind::Verilog ? helper_modules(candidates, *chosen, top) + chosen->body
                                         : chosen->body;
    }
    if (const Block* code = last_where([&](const Block* b) { return looks_like(b->body, kind); })) {
        return code->body;
    }
    if (!candidates.empty() && !trim(candidates.back()->body).empty()) {
        return candidates.back()->body;
    }
    return std::nullopt;
}

std::string finish(std::string_view code) {
    std::string_view text = trim_leading_blank_lines(code);
    const std::size_t last = text.find_last_not_of(" \t\r\n");
    if (last == std::string_view::npos) {
        return {};
    }
    return std::string(text.substr(0, last + 1)) + "\n";
}

}  // namespace

std::string strip_reasoning(std::string_view reply) {
    std::string out;
    std::size_t pos = 0;
    // A closing tag before any opening one: the template opened the block in the prompt.
    const TagHit first_open = find_tag(reply, 0, false);
    const TagHit first_close = find_tag(reply, 0, true);
    if (first_close.begin < first_open.begin) {
        pos = first_close.end;
    }
    while (pos < reply.size()) {
        const TagHit open = find_tag(reply, pos, false);
        if (open.begin == std::string_view::npos) {
            out += reply.substr(pos);
            break;
        }
        out += reply.substr(pos, open.begin - pos);
        const TagHit close = find_tag(reply, open.end, true);
        pos = close.begin == std::string_view::npos ? reply.size() : close.end;
    }
    return std::string(trim_leading_blank_lines(out));
}

std::optional<std::string> extract_code(std::string_view reply, CodeKind kind,
                                        std::string_view top) {
    const std::string text = strip_reasoning(normalize_newlines(reply));
    const FenceScan scan = scan_fences(text);
    std::optional<std::string> code = pick_block(scan.blocks, kind, top);
    if (!code) {
        code = kind == CodeKind::Verilog ? detail::bare_verilog(scan.outside)
                                         : detail::bare_python(scan.outside);
    }
    if (!code) {
        return std::nullopt;
    }
    std::string result = finish(*code);
    return result.empty() ? std::nullopt : std::optional(std::move(result));
}

}  // namespace rtlduet::llm
