// hdl/extract.h: a module's interface from real parsing: Verilator's XML dump of the design
// gives ports, widths, signedness and parameters; names and sensitivity lists classify the
// clock and the reset.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hdl/interface.h"
#include "hdl/lint.h"
#include "util/error.h"
#include "util/sandbox.h"

namespace rtlduet::hdl {

/// What the user said on the command line (--clock NAME / --reset NAME[:low]); wins over names.
struct SignalHints {
    std::optional<std::string> clock;
    std::optional<std::string> reset;
    std::optional<bool> reset_active_low;
};

/// Which module is the top and how it is elaborated.
struct Elaboration {
    /// The top module's name; empty: the one module that no other module instantiates.
    std::string top;
    /// --param overrides of the top's parameters (name, Verilog integer literal).
    std::vector<Parameter> parameters;
};

/// Parses `source` with `verilator --xml-only` (run through the sandbox) and returns the
/// ports of the top module with widths, directions, signedness, ranges, parameters (the
/// overridden ones marked, widths following their values), and the classified clock and
/// reset (name, polarity, sync/async when it can be told). The design may hold submodules.
/// An interface-only file (a module header with no body or no `endmodule`) works too.
/// Errors (ErrorKind::Input): syntax errors with file:line (from Verilator's messages), no
/// module of that name, several or no candidates for the top, an override of a parameter
/// the top does not have.
/// With a `cache_dir`, a text parsed before is answered from rtlduet's cache (its netlist)
/// without a Verilator run.
util::Result<Interface> extract_interface(const util::Sandbox& sandbox,
                                          const std::filesystem::path& source,
                                          const SignalHints& hints = {},
                                          const Elaboration& elaboration = {},
                                          const std::filesystem::path& cache_dir = {});

/// A design's front-end check and its interface, from one Verilator pass.
struct CheckedDesign {
    std::optional<Interface> ifc;    // when Verilator accepted the design
    std::vector<Diagnostic> errors;  // else its error messages, in order
};

/// extract_interface, except that a design Verilator rejects with error messages is an answer
/// (`errors`), not an error. `--xml-only` runs the passes of `--lint-only` that can reject a
/// design as written (parsing, elaboration, widths); what only the later passes find (a
/// latch, blocking and non-blocking assignments to one variable) the Verilator build reports.
/// Errors: as extract_interface's (a design with no such messages: no top, several tops, a
/// --param the top lacks, a run that timed out, the environment).
util::Result<CheckedDesign> check_design(const util::Sandbox& sandbox,
                                         const std::filesystem::path& source,
                                         const SignalHints& hints = {},
                                         const Elaboration& elaboration = {},
                                         const std::filesystem::path& cache_dir = {});

/// `NAME=VALUE` from --param: NAME an identifier, VALUE a Verilog integer literal (`16`,
/// `-3`, `8'hff`, `4'b1010`). Anything else is a Usage error.
util::Result<Parameter> parse_parameter_override(std::string_view text);

/// Verilator's `-G` flags for the overridden parameters of `ifc`.
std::vector<std::string> parameter_flags(const Interface& ifc);

}  // namespace rtlduet::hdl
