// cli/app.h: what every subcommand gets: global options, the logger, the sandbox (probed on
// first use), the resource directory, the interrupt flag and the process environment.
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "util/clock.h"
#include "util/logger.h"
#include "util/resource_dir.h"
#include "util/sandbox.h"

namespace rtlduet::cli {

struct GlobalOptions {
    bool is_verbose = false;
    bool is_quiet = false;
    bool no_color = false;
    bool keep_work = false;
    std::string config_path;
    std::string python = "/usr/bin/python3";
    std::string bwrap;  // empty: search PATH
};

class AppContext {
public:
    AppContext(util::Logger& log, const util::Clock& clock, const GlobalOptions& options,
               const std::atomic<bool>& interrupted, std::string executable);

    util::Logger& log;
    const util::Clock& clock;
    const GlobalOptions& options;
    const std::atomic<bool>& interrupted;

    /// The sandbox, probed once; warns once when bubblewrap is not usable.
    const util::Sandbox& sandbox();
    util::Result<util::ResourceDir> resources() const;
    /// rtlduet's cache directory: $XDG_CACHE_HOME/rtlduet, else ~/.cache/rtlduet; empty when
    /// neither variable is set (simulation builds then skip the cache).
    static std::filesystem::path cache_dir();
    /// The process environment; the only place rtlduet reads it.
    static std::optional<std::string> env(const char* name);

private:
    std::string executable_;
    std::optional<util::Sandbox> sandbox_;
};

using CommandAction = std::function<int(AppContext&)>;

/// Subcommands register their CLI11 subcommand and the action run when it was chosen.
class CommandRegistry {
public:
    void add(CLI::App* command, CommandAction action);
    /// The action of the subcommand that was parsed, if any.
    const CommandAction* chosen() const;

private:
    std::vector<std::pair<CLI::App*, CommandAction>> commands_;
};

}  // namespace rtlduet::cli
