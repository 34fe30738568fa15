// flow/detail/prompt_template.h: fills `{name}` placeholders of a prompt template. `{{`/`}}` are
// literal braces; any other brace text (a Python dict, a Verilog concatenation) passes
// through, but an unknown `{identifier}` is an error so a typo in a template is caught.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "util/error.h"

namespace rtlduet::flow {

using TemplateValues = std::map<std::string, std::string, std::less<>>;

util::Result<std::string> render_template(std::string_view text, const TemplateValues& values,
                                          std::string_view template_name);

}  // namespace rtlduet::flow
