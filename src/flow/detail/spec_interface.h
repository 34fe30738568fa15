// flow/detail/spec_interface.h: what a spec says about the top module: its name ("a module named X",
// "Module name: X", a quoted header) and its ports (a quoted header, or a port bullet list),
// as Verilog text that hdl::extract_interface can parse.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hdl/extract.h"
#include "hdl/interface.h"
#include "util/error.h"
#include "util/sandbox.h"

namespace rtlduet::flow {

/// The top module's name a spec gives and the rule that found it: "named" ("implement a
/// module named X"), "module_name" (a "Module name:" line, RTLLM's form, the name on it or on
/// the next line) or "header" (a quoted `module X (`/`module X #(` header), tried in that order.
struct SpecTop {
    std::string name;
    std::string rule;
    bool operator==(const SpecTop&) const = default;
};

std::optional<SpecTop> top_from_spec(std::string_view spec);

struct SpecInterface {
    /// A module header (closed with endmodule) for hdl::extract_interface; nullopt when the
    /// spec states no ports.
    std::optional<std::string> text;
    /// "header" or "bullets" when text is set.
    std::string source;
    /// Why a quoted header was not taken (it sits in code the spec asks to fix).
    std::string note;
};

/// The ports the spec states for module `top` (empty: any name): the quoted header of that
/// module, unless it opens an implementation the spec asks to fix (VerilogEval's bugs_*
/// problems: that header is the bug), else the port bullet list (`- input  clk`,
/// `- output q (8 bits)`, padded widths like `(  8 bits)`, an optional trailing comma or
/// `: description`), built into a header named `top`. A line that starts like a port bullet
/// but cannot be read is an Input error naming `spec_name`:line.
util::Result<SpecInterface> interface_from_spec(std::string_view spec, std::string_view spec_name,
                                                std::string_view top);

struct StatedInterface {
    std::optional<hdl::Interface> interface;  // nullopt: the spec states no usable ports
    std::string note;                         // why not, when the spec seemed to
};

/// interface_from_spec() parsed by Verilator (hdl::extract_interface) with the run's hints
/// and parameter overrides: what `run` and `eval` take as the spec's interface. A header that
/// does not parse, or a port list without outputs, is a note, not an error (the first
/// candidate then gives the ports); the module name is empty when `top` is.
util::Result<StatedInterface> stated_interface(const util::Sandbox& sandbox, std::string_view spec,
                                               std::string_view spec_name, std::string_view top,
                                               const hdl::SignalHints& hints,
                                               const std::vector<hdl::Parameter>& parameters);

}  // namespace rtlduet::flow
