// cli/option_checks.h: validators whose messages name the real range ("expected a whole number
// from 1 to 10000000, got '-5'"), and the one --sim vocabulary of crosscheck, run and eval.
#pragma once

#include <cstdint>
#include <limits>
#include <string>

#include <CLI/CLI.hpp>

namespace rtlduet::cli {

/// The most stimulus rows any command simulates (--vectors).
inline constexpr std::uint64_t kMaxVectors = 10'000'000;

/// Digits only (no sign, no fraction), from `low` to `high`; without `high`, "at least low".
/// `hint` ends the message of a refused value.
CLI::Validator whole_number(std::uint64_t low,
                            std::uint64_t high = std::numeric_limits<std::uint64_t>::max(),
                            const std::string& hint = "");

/// A decimal number from `low` to `high`, shown as written ("0.1 to 86400").
CLI::Validator number_between(double low, double high);

/// --sim: verilator, iverilog (alias icarus) or auto; `default_story` ends the help text.
CLI::Option* add_sim_option(CLI::App& command, std::string& simulator,
                            const std::string& default_story);

}  // namespace rtlduet::cli
