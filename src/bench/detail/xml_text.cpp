// bench/detail/xml_text.cpp: XML escaping for JUnit reports: HTML's escaping (its entities are
// XML's too) with the control characters XML 1.0 forbids replaced.
#include "bench/detail/xml_text.h"

#include "html/html.h"

namespace rtlduet::bench::detail {

std::string xml_escape(std::string_view text) {
    std::string out = html::escape(text);
    for (char& c : out) {
        const bool is_forbidden =
            static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r';
        c = is_forbidden ? '?' : c;
    }
    return out;
}

}  // namespace rtlduet::bench::detail
