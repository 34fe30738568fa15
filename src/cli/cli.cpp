// cli/cli.cpp: builds the CLI11 application, installs signal handling, runs the chosen
// subcommand and turns every outcome (including exceptions, which mean bugs) into an exit code.
#include "cli/cli.h"

#include <csignal>
#include <exception>
#include <filesystem>
#include <system_error>
#include <unistd.h>

#include <fmt/format.h>

#include "cli/app.h"
#include "cli/commands.h"
#include "cli/config_file.h"
#include "cli/exit_code.h"
#include "cli/usage.h"

namespace rtlduet::cli {
namespace {

// Written by the signal handler; a signal handler can only reach a global.
std::atomic<bool> g_interrupted{false};

extern "C" void on_interrupt(int signal_number) {
    if (g_interrupted.exchange(true)) {
        // Second Ctrl-C: the user wants out now.
        std::signal(signal_number, SIG_DFL);
        std::raise(signal_number);
    }
}

void install_signal_handlers() {
    struct sigaction action{};
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
}

void add_global_options(CLI::App& app, GlobalOptions& options) {
    app.add_flag("-v,--verbose", options.is_verbose, "Log debug details (prompts, tool commands)");
    app.add_flag("-q,--quiet", options.is_quiet, "Log only errors");
    app.add_flag("--no-color", options.no_color,
                 "Never colour log lines (also: NO_COLOR, TERM=dumb)");
    app.add_flag("--keep-work", options.keep_work,
                 "Keep work directories (simulator builds, traces) for inspection");
    app.add_option("--config", options.config_path,
                   "JSON file of option values (keys are long option names); the command line "
                   "wins")
        ->check(CLI::ExistingFile);
    app.add_option("--python", options.python, "Python 3 interpreter for reference models")
        ->capture_default_str();
    app.add_option("--bwrap", options.bwrap, "bubblewrap executable (default: found on PATH)");
}

// The binary's own path (argv[0] is only "rtlduet" when it was found on PATH), from which
// an installed copy finds its resources.
std::string executable_path(const char* argv0) {
    std::error_code error;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", error);
    return error ? std::string(argv0) : self.string();
}

util::LogLevel level_for(const GlobalOptions& options) {
    if (options.is_quiet) {
        return util::LogLevel::Error;
    }
    return options.is_verbose ? util::LogLevel::Debug : util::LogLevel::Info;
}

int run_chosen(CLI::App& app, const CommandRegistry& registry, GlobalOptions& options,
               util::Logger& log, const std::string& executable) {
    log.set_level(level_for(options));
    CLI::App* command = app.get_subcommands().empty() ? nullptr : app.get_subcommands().front();
    if (!options.config_path.empty() && command != nullptr) {
        if (auto applied = apply_config_file(options.config_path, app, *command); !applied) {
            return report_error(log, applied.error());
        }
        log.set_level(level_for(options));
    }
    const CommandAction* action = registry.chosen();
    if (action == nullptr) {
        fmt::print(stderr, "{}", app.help());
        return kExitUsage;
    }
    util::SystemClock clock;
    AppContext context(log, clock, options, g_interrupted, executable);
    const int code = (*action)(context);
    if (g_interrupted.load() && code != kExitOk) {
        return kExitInterrupted;
    }
    return code;
}

}  // namespace

int run(int argc, char** argv) {
    GlobalOptions options;
    const bool is_tty = ::isatty(STDERR_FILENO) == 1;
    const bool wants_color = is_tty && !AppContext::env("NO_COLOR").has_value() &&
                             AppContext::env("TERM").value_or("") != "dumb";
    util::Logger log(util::LogLevel::Info, wants_color);
    try {
        CLI::App app{
            "rtlduet: natural-language spec to Verilog, checked against an executable "
            "reference model without a golden testbench",
            "rtlduet"};
        app.set_version_flag("--version", fmt::format("rtlduet {}", RTLDUET_VERSION));
        app.require_subcommand(0, 1);
        app.fallthrough();
        add_global_options(app, options);
        CommandRegistry registry;
        add_run_command(app, registry);
        add_doctor_command(app, registry);
        add_crosscheck_command(app, registry);
        add_score_command(app, registry);
        add_regress_command(app, registry);
        add_eval_command(app, registry);
        add_merge_command(app, registry);
        add_help_command(app, registry);
        try {
            app.parse(argc, argv);
        } catch (const CLI::ParseError& e) {
            return report_parse_error(app, e);
        }
        if (options.no_color) {
            log.set_color(false);
        }
        install_signal_handlers();
        return run_chosen(app, registry, options, log, executable_path(argc > 0 ? argv[0] : ""));
    } catch (const std::exception& e) {
        return report_error(log, util::make_error(util::ErrorKind::Internal, e.what()));
    }
}

}  // namespace rtlduet::cli
