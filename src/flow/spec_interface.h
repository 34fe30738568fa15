// flow/spec_interface.h: the interface a spec states, as Verilog text that hdl::extract_interface
// can parse, so the model writer can get the port list from the first request on.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace rtlduet::flow {

/// A `module TopModule ... );` header quoted in the spec, or one built from a port list of
/// lines like `- input  clk` / `- output q (8 bits)`. nullopt when the spec states neither.
std::optional<std::string> interface_text_from_spec(std::string_view spec);

}  // namespace rtlduet::flow
