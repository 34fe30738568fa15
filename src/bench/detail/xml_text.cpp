// bench/detail/xml_text.cpp: XML escaping for JUnit reports.
#include "bench/detail/xml_text.h"

namespace rtlduet::bench::detail {

std::string xml_escape(std::string_view text) {
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
                out += "&apos;";
                break;
            default: {
                const bool is_forbidden =
                    static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r';
                out += is_forbidden ? '?' : c;
            }
        }
    }
    return out;
}

}  // namespace rtlduet::bench::detail
