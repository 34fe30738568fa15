// hostile/runner/case_file.h: one hostile case as written in a tests/hostile/<group>/*.case
// file: the rtlduet command to run, the inputs to generate, the servers to start and the
// outcome it must have (exit code, text, wall time, nothing written where it must not be).
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "util/error.h"

namespace rtlduet::hostile {

/// An input made at test time (too big, empty or not text enough to commit).
struct MadeFile {
    std::string name;       // created in the case's {gen} directory
    std::string kind;       // empty, random, non_utf8_adder, big_rtl
    std::size_t bytes = 0;  // for random and big_rtl
};

struct HostileCase {
    std::string group;  // the directory under tests/hostile
    std::string name;   // the file name without .case
    std::filesystem::path file;
    std::string about;
    std::vector<std::string> args;     // rtlduet arguments, with {placeholders}
    std::optional<std::string> needs;  // subcommand that must be listed by `rtlduet --help`
    std::string server;                // fake LLM script: inline JSON or a file next to the case
    std::string raw_server;  // file of raw HTTP bytes served on every connection, then a hang
    std::vector<MadeFile> made;
    int exit_code = 0;
    std::vector<std::string> expect;      // each must occur in stdout + stderr
    std::vector<std::string> reject;      // none may occur
    std::vector<std::string> canaries;    // absolute paths that must not exist afterwards
    std::vector<std::string> no_process;  // no process command line may contain these
    double within_seconds = 30;
    std::size_t max_output = 1 << 20;  // bytes of stdout + stderr
    std::optional<std::string> xfail;  // why this case cannot be contained (yet)
};

/// Parses a case file: `key: value` lines, `#` comments (tests/hostile/README.md).
util::Result<HostileCase> parse_case(const std::filesystem::path& file, const std::string& group);

/// Every case of a group directory, sorted by name.
util::Result<std::vector<HostileCase>> load_group(const std::filesystem::path& group_dir);

}  // namespace rtlduet::hostile
