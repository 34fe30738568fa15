// util/exit_code.h: the exit codes of every command (DESIGN.md's contract) and the code of
// each error kind. The CLI exits with them; report.json records the one its run ended with.
#pragma once

#include <string_view>

#include "util/error.h"

namespace rtlduet::util {

enum ExitCode : int {
    kExitOk = 0,
    kExitNegative = 1,
    kExitUsage = 2,
    kExitEnvironment = 3,
    kExitInternal = 4,
    kExitInterrupted = 130,
};

int exit_code_for(ErrorKind kind);

/// The version rtlduet was built as ("0.1.0").
std::string_view version();

}  // namespace rtlduet::util
