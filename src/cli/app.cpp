// cli/app.cpp: application context and command registry.
#include "cli/app.h"

#include <cstdlib>

namespace rtlduet::cli {

AppContext::AppContext(util::Logger& log, const util::Clock& clock, const GlobalOptions& options,
                       const std::atomic<bool>& interrupted, std::string executable)
    : log(log),
      clock(clock),
      options(options),
      interrupted(interrupted),
      executable_(std::move(executable)) {}

const util::Sandbox& AppContext::sandbox() {
    if (!sandbox_) {
        std::string why_not;
        // The sandbox is detected with the final PATH: the probe's worker stays for the runs.
        sandbox_.emplace(util::Sandbox::detect(options.bwrap, &why_not, env("PATH").value_or("")));
        if (sandbox_->isolation() == util::Isolation::RlimitsOnly) {
            log.warn(
                "sandbox without isolation ({}): generated code runs with rlimits only, "
                "network and host files stay reachable",
                why_not);
        }
    }
    return *sandbox_;
}

util::Result<util::ResourceDir> AppContext::resources() const {
    const auto override_dir = env("RTLDUET_RESOURCES");
    return util::ResourceDir::locate(executable_, override_dir.value_or(""));
}

std::filesystem::path AppContext::cache_dir() {
    const auto xdg = env("XDG_CACHE_HOME");
    if (xdg && std::filesystem::path(*xdg).is_absolute()) {
        return std::filesystem::path(*xdg) / "rtlduet";
    }
    const auto home = env("HOME");
    if (home && std::filesystem::path(*home).is_absolute()) {
        return std::filesystem::path(*home) / ".cache" / "rtlduet";
    }
    return {};
}

std::optional<std::string> AppContext::env(const char* name) {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') {
        return std::nullopt;
    }
    return std::string(value);
}

void CommandRegistry::add(CLI::App* command, CommandAction action) {
    commands_.emplace_back(command, std::move(action));
}

const CommandAction* CommandRegistry::chosen() const {
    for (const auto& [command, action] : commands_) {
        if (command->parsed()) {
            return &action;
        }
    }
    return nullptr;
}

}  // namespace rtlduet::cli
