// hdl/detail/netlist.h: reads a module's ports and parameters from Verilator's XML netlist
// (the dtype table gives widths) and classifies its clock and reset.
#pragma once

#include <string_view>

#include "hdl/detail/xml.h"
#include "hdl/extract.h"
#include "hdl/interface.h"
#include "util/error.h"

namespace rtlduet::hdl::detail {

/// The `<module>` element named `top` in the netlist, or nullptr.
const XmlNode* find_module(const XmlNode& root, std::string_view top);

/// Ports (in port-list order) and parameters of `module`; widths from the netlist's type table.
util::Result<Interface> read_ports(const XmlNode& root, const XmlNode& module);

/// Fills clock and reset from the hints, then from port names; reset timing from the
/// module's always blocks. A hint naming no input port is an Input error.
util::Status classify_signals(Interface& ifc, const XmlNode& module, const SignalHints& hints);

/// Value of a Verilator constant such as `32'sh8` or `4'b1010` when it fits 64 bits.
std::optional<std::uint64_t> parse_constant(std::string_view text);

}  // namespace rtlduet::hdl::detail
