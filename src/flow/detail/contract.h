// flow/detail/contract.h: the model contract text given to the model writer: the cycle contract of
// the prompt set, filled with the interface's clock, ports and reset when they are known.
#pragma once

#include <optional>
#include <string>

#include "flow/agents.h"
#include "hdl/interface.h"
#include "util/error.h"

namespace rtlduet::flow {

util::Result<std::string> render_contract(const PromptSet& prompts,
                                          const std::optional<hdl::Interface>& ifc);

/// The interface as Verilog-like port lines for the `{interface}` placeholder.
std::string describe_interface(const std::optional<hdl::Interface>& ifc);

/// The `{top_module}` placeholder: "module `accu`", or "top module" when the spec names none.
std::string describe_top(const std::string& top);

}  // namespace rtlduet::flow
