// html/detail/assets.h: the page's style and script, embedded at build time from
// src/html/assets/ so a report needs no file next to it and rtlduet none at run time.
#pragma once

namespace rtlduet::html::detail {

extern const char* const kStyle;
extern const char* const kScript;

}  // namespace rtlduet::html::detail
