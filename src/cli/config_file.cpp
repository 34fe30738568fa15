// cli/config_file.cpp: JSON config values fed into CLI11 options the user left unset.
#include "cli/config_file.h"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/usage.h"
#include "util/files.h"

namespace rtlduet::cli {
namespace {

using util::ErrorKind;

util::Result<std::vector<std::string>> to_option_values(const nlohmann::json& value,
                                                        const std::string& key) {
    auto scalar = [](const nlohmann::json& v) -> std::optional<std::string> {
        if (v.is_string()) {
            return v.get<std::string>();
        }
        if (v.is_boolean()) {
            return v.get<bool>() ? "true" : "false";
        }
        if (v.is_number()) {
            return v.dump();
        }
        return std::nullopt;
    };
    std::vector<std::string> values;
    if (value.is_array()) {
        for (const auto& item : value) {
            auto text = scalar(item);
            if (!text) {
                return util::make_error(ErrorKind::Input,
                                        fmt::format("key '{}': array items must be scalars", key));
            }
            values.push_back(*text);
        }
        return values;
    }
    auto text = scalar(value);
    if (!text) {
        return util::make_error(ErrorKind::Input,
                                fmt::format("key '{}': expected a string, number, boolean or "
                                            "array",
                                            key));
    }
    values.push_back(*text);
    return values;
}

CLI::Option* find_option(CLI::App& app, const std::string& name) {
    try {
        return app.get_option_no_throw("--" + name);
    } catch (const CLI::Error&) {
        return nullptr;
    }
}

// Long option names of rtlduet and all its commands: a config file may be shared by several
// commands, so a key only has to mean something to one of them.
std::vector<std::string> known_keys(const CLI::App& app) {
    std::vector<std::string> keys;
    auto add = [&keys](const CLI::App& owner) {
        for (const CLI::Option* option : owner.get_options()) {
            keys.insert(keys.end(), option->get_lnames().begin(), option->get_lnames().end());
        }
    };
    add(app);
    for (const CLI::App* command : app.get_subcommands({})) {
        add(*command);
    }
    return keys;
}

util::Status check_keys(const std::filesystem::path& path, const nlohmann::json& config,
                        const CLI::App& app) {
    const auto keys = known_keys(app);
    for (const auto& [key, value] : config.items()) {
        if (std::find(keys.begin(), keys.end(), key) != keys.end()) {
            continue;
        }
        const std::string near = nearest_name(key, keys);
        return util::make_error(
            ErrorKind::Input,
            fmt::format("{}: unknown key '{}'{} (keys are long option names without the "
                        "dashes, e.g. \"vectors\")",
                        path.string(), key,
                        near.empty() ? "" : fmt::format("; did you mean '{}'?", near)));
    }
    return {};
}

}  // namespace

util::Status apply_config_file(const std::filesystem::path& path, CLI::App& app,
                               CLI::App& command) {
    auto text = util::read_file(path);
    if (!text) {
        return text.error().with_context("--config");
    }
    nlohmann::json config;
    try {
        config = nlohmann::json::parse(*text);
    } catch (const nlohmann::json::parse_error& e) {
        return util::make_error(ErrorKind::Input,
                                fmt::format("{}: not valid JSON (byte {}): {}", path.string(),
                                            e.byte, e.what()));
    }
    if (!config.is_object()) {
        return util::make_error(ErrorKind::Input,
                                fmt::format("{}: expected a JSON object", path.string()));
    }
    if (auto checked = check_keys(path, config, app); !checked) {
        return checked;
    }
    for (const auto& [key, value] : config.items()) {
        CLI::Option* option = find_option(command, key);
        if (option == nullptr) {
            option = find_option(app, key);
        }
        if (option == nullptr || option->count() > 0) {
            continue;  // another subcommand's option, or given on the command line
        }
        auto values = to_option_values(value, key);
        if (!values) {
            return values.error().with_context(path.string());
        }
        try {
            option->add_result(*values);
            option->run_callback();
        } catch (const CLI::Error& e) {
            return util::make_error(ErrorKind::Input,
                                    fmt::format("{}: key '{}': {}", path.string(), key, e.what()));
        }
    }
    return {};
}

}  // namespace rtlduet::cli
