// cli/exit_code.h: where errors become error lines and process exit codes (util/exit_code.h).
#pragma once

#include "util/error.h"
#include "util/exit_code.h"
#include "util/logger.h"

namespace rtlduet::cli {

using util::exit_code_for;
using util::ExitCode;
using util::kExitEnvironment;
using util::kExitInternal;
using util::kExitInterrupted;
using util::kExitNegative;
using util::kExitOk;
using util::kExitUsage;

/// Prints the error (one line, plus its detail indented at most a few lines) and returns
/// its exit code.
int report_error(util::Logger& log, const util::Error& error);

}  // namespace rtlduet::cli
