// util/files.h: small file helpers with errors as values; atomic and append-safe writes for
// results and caches that other processes (or a resumed run) read.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "util/error.h"

namespace rtlduet::util {

namespace fs = std::filesystem;

/// Reads a whole regular file. Errors name the path; `kind` says whose fault a failure is.
Result<std::string> read_file(const fs::path& path, ErrorKind kind = ErrorKind::Input);

/// Writes a file (truncating), creating parent directories.
Status write_file(const fs::path& path, std::string_view content);

/// Writes to a unique temporary name in the same directory, syncs it and renames it over
/// `path`: readers see the old or the new content, never a partial one.
Status write_file_atomic(const fs::path& path, std::string_view content);

/// Appends `line` plus '\n' with one write(2) on an O_APPEND descriptor and syncs it, so
/// concurrent appenders never interleave and a crash loses at most the line being written.
Status append_line_durable(const fs::path& path, std::string_view line);

/// "path size mtime" of an existing file (empty when it does not exist): what cache keys use
/// to tell one installed tool from another.
std::string file_identity(const fs::path& path);

/// Creates a directory and its parents.
Status make_directories(const fs::path& path);

/// rwxr-xr-x: what rtlduet built (an executable, a cache entry's directory) must be readable
/// and runnable by the sandbox's unprivileged user.
Status make_executable(const fs::path& path);

}  // namespace rtlduet::util
