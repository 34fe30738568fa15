// html/html.cpp: escaping and the page around a report. The policy in the page forbids every
// fetch and every script or style but the page's own (by hash), so even text that escaped
// escaping could neither run nor load anything.
#include "html/html.h"

#include <fmt/format.h>

#include "html/detail/assets.h"
#include "util/exit_code.h"
#include "util/hash.h"

namespace rtlduet::html {
namespace {

// CSP hashes are base64 of the raw SHA-256 digest; util gives it as hex.
std::string base64_of_hex(std::string_view hex) {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string bytes;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        bytes += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
    }
    std::string out;
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        const std::size_t left = bytes.size() - i;
        std::uint32_t group = static_cast<std::uint8_t>(bytes[i]) << 16;
        group |= left > 1 ? static_cast<std::uint8_t>(bytes[i + 1]) << 8 : 0;
        group |= left > 2 ? static_cast<std::uint8_t>(bytes[i + 2]) : 0;
        for (std::size_t k = 0; k < 4; ++k) {
            out += k <= left ? kAlphabet[(group >> (18 - 6 * k)) & 0x3f] : '=';
        }
    }
    return out;
}

std::string csp_hash(std::string_view text) {
    return "'sha256-" + base64_of_hex(util::sha256_hex(text)) + "'";
}

}  // namespace

std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string fixed(double value, int digits) {
    return fmt::format("{:.{}f}", value, digits);
}

std::string document(std::string_view title, std::string_view body) {
    const std::string_view style = detail::kStyle;
    const std::string_view script = detail::kScript;
    return fmt::format(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src {}; script-src {}; base-uri 'none'; form-action 'none'\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"generator\" content=\"rtlduet {}\">\n"
        "<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n{}\n<script>{}</script>\n"
        "</body>\n</html>\n",
        csp_hash(style), csp_hash(script), escape(util::version()), escape(title), style, body,
        script);
}

std::string code_block(std::string_view code) {
    return "<pre class=\"code\"><code>" + escape(code) + "</code></pre>\n";
}

}  // namespace rtlduet::html
