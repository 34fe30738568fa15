// hdl/sources.h: a design given as several files: file lists (`-f FILE`, as Verilator and
// Icarus read them) and one compilation unit made of every file, whose `line directives let
// the tools name each user's file and line.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "util/error.h"

namespace rtlduet::hdl {

/// The files a list names: one path per line, relative to the list's directory; blank
/// lines and comments (`//`, `#`, and `/* ... */` on one line) are skipped; `-f OTHER` and
/// `-F OTHER` read another list. Any other option (`+incdir+`, `-v`, `-y`, ...) and a
/// missing file are Input errors naming list:line.
util::Result<std::vector<std::filesystem::path>> read_file_list(const std::filesystem::path& list);

/// The files in order as one text, each preceded by a `line directive naming it, so that
/// Verilator's and Icarus' messages point into the user's files (read as one compilation
/// unit, as both tools do with several files on the command line).
util::Result<std::string> join_sources(const std::vector<std::filesystem::path>& files);

}  // namespace rtlduet::hdl
