// cli/cli.h: the command-line front end: parses arguments, runs one subcommand, maps the
// outcome to the exit codes of docs/contracts (0 ok, 1 negative verdict, 2 usage/input,
// 3 environment, 4 internal, 130 interrupted).
#pragma once

namespace rtlduet::cli {

int run(int argc, char** argv);

}  // namespace rtlduet::cli
