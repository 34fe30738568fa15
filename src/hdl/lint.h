// hdl/lint.h: Verilator lint of a design (errors and warnings as data) and the policy check
// that refuses constructs generated RTL may not use, whatever the sandbox allows.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"
#include "util/sandbox.h"

namespace rtlduet::hdl {

struct Diagnostic {
    std::string file;  // the user's file name, never a temp path
    int line = 0;
    int column = 0;
    std::string severity;  // "error" or "warning"
    std::string
        code;  // Verilator's message code (WIDTH, UNUSED, ...) or the policy's; may be empty
    std::string message;
    bool operator==(const Diagnostic&) const = default;
};

struct LintResult {
    bool is_clean = false;  // no errors (warnings allowed)
    std::vector<Diagnostic> errors;
    std::vector<Diagnostic> warnings;
    std::string log;  // Verilator's messages, temp paths mapped back to the user's file name
};

/// verilator --lint-only -Wall (warnings reported but only errors make it unclean) with `top`
/// as the top module (empty: Verilator's choice, the modules nothing instantiates). With a
/// `cache_dir`, text linted before is answered from rtlduet's cache without a Verilator run.
util::Result<LintResult> lint(const util::Sandbox& sandbox, const std::filesystem::path& source,
                              std::string_view top, const std::filesystem::path& cache_dir = {});

/// Refused constructs in generated RTL: $system, $c, DPI import/export, $fopen/$fwrite to files,
/// $readmemh/$readmemb, `include, and ones hidden behind `define macros; also no
/// `module <top>` when `top` is not empty. One Diagnostic per hit with the line.
std::vector<Diagnostic> find_forbidden_constructs(std::string_view source,
                                                  std::string_view file_name, std::string_view top);

/// The names of the modules `source` declares, in order (comments and strings ignored).
std::vector<std::string> declared_modules(std::string_view source);

}  // namespace rtlduet::hdl
