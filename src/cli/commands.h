// cli/commands.h: one registration function per subcommand (cmd_<name>.cpp).
#pragma once

#include "cli/app.h"

namespace rtlduet::cli {

void add_doctor_command(CLI::App& app, CommandRegistry& registry);
void add_crosscheck_command(CLI::App& app, CommandRegistry& registry);
void add_score_command(CLI::App& app, CommandRegistry& registry);
void add_regress_command(CLI::App& app, CommandRegistry& registry);
void add_run_command(CLI::App& app, CommandRegistry& registry);
void add_eval_command(CLI::App& app, CommandRegistry& registry);
void add_merge_command(CLI::App& app, CommandRegistry& registry);

}  // namespace rtlduet::cli
