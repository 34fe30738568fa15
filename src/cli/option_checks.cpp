// cli/option_checks.cpp: range validators with plain messages, and the --sim option.
#include "cli/option_checks.h"

#include <charconv>
#include <cstdlib>

#include <fmt/format.h>

namespace rtlduet::cli {
namespace {

std::string range_text(std::uint64_t low, std::uint64_t high) {
    if (high == std::numeric_limits<std::uint64_t>::max()) {
        return fmt::format("of at least {}", low);
    }
    return fmt::format("from {} to {}", low, high);
}

}  // namespace

CLI::Validator whole_number(std::uint64_t low, std::uint64_t high, const std::string& hint) {
    const std::string range = range_text(low, high);
    auto check = [low, high, range, hint](std::string& text) -> std::string {
        std::uint64_t value = 0;
        const char* end = text.data() + text.size();
        const auto [stop, error] = std::from_chars(text.data(), end, value);
        const bool is_number = !text.empty() && error != std::errc::invalid_argument &&
                               stop == end && text.front() != '-' && text.front() != '+';
        if (is_number && error == std::errc{} && value >= low && value <= high) {
            return {};
        }
        return fmt::format("expected a whole number {}, got '{}'{}", range, text, hint);
    };
    const std::string description = high == std::numeric_limits<std::uint64_t>::max()
                                        ? fmt::format(">={}", low)
                                        : fmt::format("{}..{}", low, high);
    return {check, description};
}

CLI::Validator number_between(double low, double high) {
    auto check = [low, high](std::string& text) -> std::string {
        char* stop = nullptr;
        const double value = std::strtod(text.c_str(), &stop);
        if (!text.empty() && stop == text.c_str() + text.size() && value >= low && value <= high) {
            return {};
        }
        return fmt::format("expected a number from {} to {}, got '{}'", low, high, text);
    };
    return {check, fmt::format("{}..{}", low, high)};
}

CLI::Option* add_sim_option(CLI::App& command, std::string& simulator,
                            const std::string& default_story) {
    auto check = [](std::string& text) -> std::string {
        if (text == "verilator" || text == "iverilog" || text == "auto") {
            return {};
        }
        if (text == "icarus") {
            text = "iverilog";  // the old spelling of run and eval, kept for scripts
            return {};
        }
        return fmt::format("expected verilator, iverilog (alias icarus) or auto, got '{}'", text);
    };
    return command
        .add_option("--sim", simulator,
                    "Simulator: verilator, iverilog (alias icarus) or auto; " + default_story)
        ->capture_default_str()
        ->check(CLI::Validator(check, "verilator|iverilog|auto"));
}

}  // namespace rtlduet::cli
