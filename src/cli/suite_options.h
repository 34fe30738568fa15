// cli/suite_options.h: the suite options shared by `score` and `eval` (--suite,
// --suite-format) and the loading they imply.
#pragma once

#include <string>

#include "bench/suite.h"
#include "cli/app.h"

namespace rtlduet::cli {

struct SuiteCliOptions {
    std::string dir;
    std::string format = "auto";
};

void add_suite_options(CLI::App& command, SuiteCliOptions& options);

/// The suite in the format asked for ("auto": suite.json's, else detected).
util::Result<bench::Suite> load_suite_option(const SuiteCliOptions& options);

}  // namespace rtlduet::cli
