// html/html.h: the pieces every self-contained HTML report is built from: escaping, the page
// (inline CSS and script under a Content-Security-Policy that allows nothing else), code
// blocks and line diffs. Everything shown comes from generated code or LLM text at some point,
// so every string goes through escape().
#pragma once

#include <string>
#include <string_view>

namespace rtlduet::html {

/// Text safe inside an element or a double- or single-quoted attribute value.
std::string escape(std::string_view text);

/// A number with `digits` decimals, as every report prints match rates and pass@k.
std::string fixed(double value, int digits = 4);

/// The whole page: doctype, the CSP (no network, no plugins, only this page's own style and
/// script by hash), the inline style, `body` as given (already escaped), the inline script
/// (table filters).
std::string document(std::string_view title, std::string_view body);

/// `<pre class="code">` with the code escaped.
std::string code_block(std::string_view code);

struct Diff {
    std::string html;  // <pre class="diff"> with added, removed and a few unchanged lines
    int added = 0;
    int removed = 0;
};

/// A line diff from `before` to `after`; long unchanged stretches are folded into one line.
Diff diff_lines(std::string_view before, std::string_view after);

}  // namespace rtlduet::html
