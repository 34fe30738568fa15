// hdl/extract.h: a module's interface from real parsing: Verilator's XML dump of the design
// gives ports, widths, signedness and parameters; names and sensitivity lists classify the
// clock and the reset.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "hdl/interface.h"
#include "util/error.h"
#include "util/sandbox.h"

namespace rtlduet::hdl {

/// What the user said on the command line (--clock NAME / --reset NAME[:low]); wins over names.
struct SignalHints {
    std::optional<std::string> clock;
    std::optional<std::string> reset;
    std::optional<bool> reset_active_low;
};

/// Parses `source` with `verilator --xml-only` (run through the sandbox) and returns the
/// ports of module `top` with widths, directions, signedness, ranges, parameters, and the
/// classified clock and reset (name, polarity, sync/async when it can be told).
/// An interface-only file (a module header with no body or no `endmodule`) works too.
/// Syntax errors: ErrorKind::Input with file:line (from Verilator's messages).
util::Result<Interface> extract_interface(const util::Sandbox& sandbox,
                                          const std::filesystem::path& source,
                                          const SignalHints& hints = {},
                                          std::string_view top = "TopModule");

}  // namespace rtlduet::hdl
