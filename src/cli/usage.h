// cli/usage.h: the command-line conventions on top of CLI11: `rtlduet help [COMMAND]`, the
// global options in every command's help, and parse errors that point the way out (the list
// of commands, the nearest option name).
#pragma once

#include <CLI/CLI.hpp>

#include "cli/app.h"

namespace rtlduet::cli {

/// Adds the `help` command and each command's "Global options" footer; call once every
/// command and global option exists.
void add_help_command(CLI::App& app, CommandRegistry& registry);

/// The name in `known` closest to `typed` (two edits at most, or one it abbreviates); empty
/// when none is near.
std::string nearest_name(const std::string& typed, const std::vector<std::string>& known);

/// Prints a parse error (with "did you mean" when a name is close) and returns the exit code:
/// 0 for --help/--version, else 2.
int report_parse_error(CLI::App& app, const CLI::ParseError& error);

}  // namespace rtlduet::cli
