// hostile/runner/case_run.h: runs one hostile case through the built rtlduet binary in a
// fresh directory tree and lists every way its outcome differs from the case file.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "hostile/runner/case_file.h"

namespace rtlduet::hostile {

struct RunnerPaths {
    std::filesystem::path rtlduet;    // the binary under test
    std::filesystem::path catalogue;  // tests/hostile
};

struct CaseOutcome {
    std::string id;  // group/name
    int exit_code = -1;
    double seconds = 0;
    std::vector<std::string> failures;  // empty: the case passed
    std::string output_tail;            // the end of stderr, for the failure message
};

/// Runs `hostile_case` and checks exit code, expected and rejected text, wall time, output
/// size, canaries, leftover processes, and that nothing but {out} was written in its tree.
CaseOutcome run_case(const HostileCase& hostile_case, const RunnerPaths& paths);

/// The subcommands `rtlduet --help` lists.
std::vector<std::string> listed_commands(const std::filesystem::path& rtlduet);

}  // namespace rtlduet::hostile
