// cli/exit_code.h: the only place where errors become process exit codes and error lines.
#pragma once

#include "util/error.h"
#include "util/logger.h"

namespace rtlduet::cli {

enum ExitCode : int {
    kExitOk = 0,
    kExitNegative = 1,
    kExitUsage = 2,
    kExitEnvironment = 3,
    kExitInternal = 4,
    kExitInterrupted = 130,
};

int exit_code_for(util::ErrorKind kind);

/// Prints the error (one line, plus its detail indented at most a few lines) and returns
/// its exit code.
int report_error(util::Logger& log, const util::Error& error);

}  // namespace rtlduet::cli
