// bench/detail/xml_text.h: text escaping for the JUnit XML that score and regress write.
#pragma once

#include <string>
#include <string_view>

namespace rtlduet::bench::detail {

/// Escapes markup characters; control characters XML 1.0 forbids (even as references)
/// become '?', so simulator output with stray bytes still yields a well-formed file.
std::string xml_escape(std::string_view text);

}  // namespace rtlduet::bench::detail
