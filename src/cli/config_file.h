// cli/config_file.h: `--config FILE` (JSON): keys are long option names without dashes;
// a value fills an option only when the command line did not give it.
#pragma once

#include <filesystem>

#include <CLI/CLI.hpp>

#include "util/error.h"

namespace rtlduet::cli {

util::Status apply_config_file(const std::filesystem::path& path, CLI::App& app,
                               CLI::App& command);

}  // namespace rtlduet::cli
