// cli/usage.cpp: help command, global-options footer and friendlier parse errors.
#include "cli/usage.h"

#include <algorithm>
#include <memory>

#include <fmt/format.h>

#include "cli/exit_code.h"

namespace rtlduet::cli {
namespace {

constexpr std::size_t kNameColumn = 30;

std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = above;
        }
    }
    return row[b.size()];
}

}  // namespace

std::string nearest_name(const std::string& typed, const std::vector<std::string>& known) {
    std::string best;
    std::size_t best_distance = 3;  // more than two edits away is no longer "near"
    for (const std::string& name : known) {
        const std::size_t distance = edit_distance(typed, name);
        if (distance < best_distance) {
            best = name;
            best_distance = distance;
        }
    }
    if (best.empty() && typed.size() >= 4) {
        const auto abbreviated = std::find_if(known.begin(), known.end(), [&](const auto& name) {
            return name.rfind(typed, 0) == 0;
        });
        best = abbreviated == known.end() ? "" : *abbreviated;
    }
    return best;
}

namespace {

std::vector<std::string> command_names(const CLI::App& app) {
    std::vector<std::string> names;
    for (const CLI::App* command : app.get_subcommands({})) {
        names.push_back(command->get_name());
    }
    return names;
}

void add_option_names(const CLI::App& app, std::vector<std::string>& names) {
    for (const CLI::Option* option : app.get_options()) {
        for (const std::string& name : option->get_lnames()) {
            names.push_back("--" + name);
        }
        for (const std::string& name : option->get_snames()) {
            names.push_back("-" + name);
        }
    }
}

int unknown_command(const CLI::App& app, const std::string& typed) {
    const auto commands = command_names(app);
    const std::string near = nearest_name(typed, commands);
    fmt::print(stderr, "rtlduet: unknown command '{}'{}\ncommands: {}\n", typed,
               near.empty() ? "" : fmt::format("; did you mean '{}'?", near),
               fmt::join(commands, ", "));
    fmt::print(stderr, "Run 'rtlduet help COMMAND' for a command's options.\n");
    return kExitUsage;
}

int unknown_option(const CLI::App& app, const CLI::App* command, const std::string& typed) {
    std::vector<std::string> names;
    add_option_names(app, names);
    if (command != nullptr) {
        add_option_names(*command, names);
    }
    const std::string flag = typed.substr(0, typed.find('='));
    const std::string near = nearest_name(flag, names);
    const std::string where = command == nullptr ? "rtlduet" : "rtlduet " + command->get_name();
    fmt::print(stderr, "{}: unknown option {}{}\n", where, flag,
               near.empty() ? "" : fmt::format("; did you mean {}?", near));
    fmt::print(stderr, "Run '{}' for the options.\n",
               command == nullptr ? "rtlduet --help" : "rtlduet help " + command->get_name());
    return kExitUsage;
}

// What `--help` of a command omits: the options that belong to rtlduet itself.
std::string global_options_text(const CLI::App& app) {
    std::string text = "Global options (before or after the command):\n";
    for (const CLI::Option* option : app.get_options()) {
        if (option->get_name().empty() || option->get_name() == "--help" ||
            option->get_name() == "--version") {
            continue;
        }
        std::string name = option->get_name(false, true);
        if (option->get_type_size() > 0) {
            name += " " + option->get_type_name();
        }
        text += fmt::format("  {:<{}} {}\n", name, kNameColumn - 3, option->get_description());
    }
    return text;
}

int show_help(CLI::App& app, const std::string& name) {
    if (name.empty()) {
        fmt::print("{}", app.help());
        return kExitOk;
    }
    for (CLI::App* command : app.get_subcommands({})) {
        if (command->get_name() == name) {
            fmt::print("{}", command->help(app.get_name()));
            return kExitOk;
        }
    }
    return unknown_command(app, name);
}

}  // namespace

void add_help_command(CLI::App& app, CommandRegistry& registry) {
    const std::string footer = global_options_text(app);
    for (CLI::App* command : app.get_subcommands({})) {
        command->footer(footer);
    }
    CLI::App* help = app.add_subcommand("help", "Show the options of a command: rtlduet help CMD");
    auto name = std::make_shared<std::string>();
    help->add_option("command", *name, "The command to explain (default: all of them)");
    registry.add(help, [&app, name](AppContext&) { return show_help(app, *name); });
}

int report_parse_error(CLI::App& app, const CLI::ParseError& error) {
    // An unknown option explains most errors after it ("--rtl is required" after "--rlt"), so
    // it is reported first whatever CLI11 stopped on.
    const bool is_help = error.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success);
    if (!is_help) {
        const auto parsed = app.get_subcommands();
        const CLI::App* command = parsed.empty() ? nullptr : parsed.front();
        const auto extras = app.remaining();
        const auto option = std::find_if(extras.begin(), extras.end(),
                                         [](const auto& arg) { return arg.rfind('-', 0) == 0; });
        if (option != extras.end()) {
            return unknown_option(app, command, *option);
        }
        if (command == nullptr && !extras.empty() &&
            dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr) {
            return unknown_command(app, extras.front());
        }
    }
    const int code = app.exit(error);
    return code == 0 ? kExitOk : kExitUsage;
}

}  // namespace rtlduet::cli
