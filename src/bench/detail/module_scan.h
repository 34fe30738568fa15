// bench/detail/module_scan.h: a lexical view of benchmark Verilog (comments and strings masked)
// for keeping a candidate's modules apart from the reference's and the testbench's: which
// modules a file declares and instantiates, renaming modules, the macros a file defines.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace rtlduet::bench::detail {

struct ModuleDecl {
    std::string name;
    int line = 0;  // 1-based
    bool operator==(const ModuleDecl&) const = default;
};

/// Every `module NAME` / `macromodule NAME` declaration, in order (duplicates kept).
std::vector<ModuleDecl> declared_modules(std::string_view text);

/// Module types instantiated (`TYPE [#(...)] INSTANCE [range] (`), declared in the file or not.
std::set<std::string> instantiated_modules(std::string_view text);

/// The declared modules that no module of the same file instantiates (the file's tops).
std::vector<std::string> root_modules(std::string_view text);

/// The text with the modules named in `renames` renamed where they are declared and where
/// they are instantiated; signals, ports and comments of the same name are left alone.
std::string rename_modules(std::string_view text,
                           const std::map<std::string, std::string>& renames);

/// The `define directives of the text (with their continuation lines), in order.
std::string macro_definitions(std::string_view text);

/// The `module NAME ... endmodule` blocks of `text` (e.g. code quoted in a prompt) for the
/// names asked for, in the order found; names not found are left out.
std::map<std::string, std::string> module_sources(std::string_view text,
                                                  const std::set<std::string>& names);

}  // namespace rtlduet::bench::detail
