// cli/recording.cpp: DIR/recording.json, written by --record and checked by --replay.
#include "cli/recording.h"

#include <algorithm>
#include <array>
#include <system_error>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "util/files.h"

namespace rtlduet::cli {
namespace {

using Json = nlohmann::json;
constexpr const char* kFile = "recording.json";

// eval_config() key -> the option a user types. "scoring" and paths stay out: they do not
// change what is asked of the LLM.
constexpr std::array<std::pair<const char*, const char*>, 21> kOptionNames = {{
    {"candidates", "-n"},
    {"turns", "-t"},
    {"vectors", "--vectors"},
    {"seed", "--seed"},
    {"pairing", "--pairing"},
    {"revert", "--revert"},
    {"sim", "--sim"},
    {"confirm", "--confirm"},
    {"require_synth", "--require-synth"},
    {"guided", "--guided"},
    {"clock", "--clock"},
    {"reset", "--reset"},
    {"feedback_mismatches", "--feedback-mismatches"},
    {"interface", "--interface (content digest)"},
    {"agents", "--agents/--prompts (content digest)"},
    {"rtl_llm", "--rtl-llm"},
    {"model_llm", "--model-llm"},
    {"temperature", "--temperature"},
    {"top_p", "--top-p"},
    {"max_tokens", "--max-tokens"},
    {"fanout", "--fanout"},
}};

// Options whose smaller value asks for a subset of the recorded requests.
bool is_count_that_may_shrink(const std::string& option) {
    return option == "--samples" || option == "-t";
}

// Digests of files: a change there may touch only requests this run never makes, so a
// difference is a warning and a changed request still fails on its missing key.
bool is_digest(const std::string& option) {
    return option.find("digest") != std::string::npos;
}

std::vector<std::string> differences(const RecordedOptions& recorded, const RecordedOptions& now,
                                     bool digests) {
    std::vector<std::string> lines;
    for (const auto& [option, value] : now) {
        if (is_digest(option) != digests) {
            continue;
        }
        const auto before = recorded.find(option);
        const std::string was = before == recorded.end() ? "(not recorded)" : before->second;
        if (was == value) {
            continue;
        }
        if (is_count_that_may_shrink(option) && before != recorded.end() &&
            std::stoll(value) <= std::stoll(was)) {
            continue;
        }
        lines.push_back(fmt::format("recorded with {0} {1}, now {0} {2}", option,
                                    was.empty() ? "''" : was, value.empty() ? "''" : value));
    }
    return lines;
}

std::string command_line(const RecordedOptions& options) {
    std::string text;
    for (const auto& [option, value] : options) {
        if (option.find(' ') == std::string::npos && !value.empty() && value != "agent") {
            text += fmt::format(" {} {}", option, value);
        }
    }
    return text;
}

util::Result<Json> read_runs(const std::filesystem::path& file) {
    auto text = util::read_file(file);
    if (!text) {
        return text.error();
    }
    try {
        Json json = Json::parse(*text);
        if (json.contains("runs") && json["runs"].is_array()) {
            return json;
        }
    } catch (const Json::exception&) {
    }
    return util::make_error(util::ErrorKind::Input,
                            file.string() + ": not a recording.json (expected {\"runs\": [...]})");
}

}  // namespace

RecordedOptions recorded_options(const std::map<std::string, std::string>& config, int samples,
                                 const std::string& simulator) {
    RecordedOptions options{{"--samples", std::to_string(samples)}};
    for (const auto& [key, option] : kOptionNames) {
        if (const auto found = config.find(key); found != config.end()) {
            options[option] = found->second;
        }
    }
    options["--sim"] = simulator;
    return options;
}

util::Status note_recording(const std::filesystem::path& dir, const std::string& command,
                            const RecordedOptions& options) {
    const auto file = dir / kFile;
    Json json = {{"runs", Json::array()}};
    std::error_code error;
    if (std::filesystem::exists(file, error)) {
        auto read = read_runs(file);
        if (!read) {
            return read.error();
        }
        json = std::move(*read);
    }
    const Json run = {{"command", command}, {"options", options}};
    if (std::find(json["runs"].begin(), json["runs"].end(), run) == json["runs"].end()) {
        json["runs"].push_back(run);
    }
    if (auto made = util::make_directories(dir); !made) {
        return made.error();
    }
    return util::write_file_atomic(file, json.dump(2) + "\n");
}

util::Status check_replay(AppContext& ctx, const std::filesystem::path& dir,
                          const std::string& command, const RecordedOptions& options) {
    const auto file = dir / kFile;
    std::error_code error;
    if (!std::filesystem::exists(file, error)) {
        ctx.log.warn(
            "--replay {}: no {} says which options it was recorded with; a request "
            "it does not hold is an error",
            dir.string(), kFile);
        return {};
    }
    auto json = read_runs(file);
    if (!json) {
        return json.error();
    }
    std::vector<std::string> closest;
    std::string closest_line;
    for (const Json& run : (*json)["runs"]) {
        const auto recorded = run.value("options", RecordedOptions{});
        const auto lines = differences(recorded, options, false);
        if (lines.empty()) {
            for (const std::string& changed : differences(recorded, options, true)) {
                ctx.log.warn("--replay {}: {}; requests whose text changed are not in it",
                             dir.string(), changed);
            }
            return {};
        }
        if (closest.empty() || lines.size() < closest.size()) {
            closest = lines;
            closest_line =
                fmt::format("rtlduet {}{}", run.value("command", command), command_line(recorded));
        }
    }
    std::string detail;
    for (const std::string& line : closest) {
        detail += line + "\n";
    }
    detail += "replay with the recorded options: " + closest_line + " --replay " + dir.string();
    return util::make_error(
        util::ErrorKind::Usage,
        fmt::format("--replay {}: recorded with other options, so it cannot answer this run's "
                    "requests ({})",
                    dir.string(), fmt::join(closest, "; ")),
        detail);
}

util::Status check_recording(AppContext& ctx, const std::string& command,
                             const EndpointOptions& endpoint, const RecordedOptions& options) {
    if (!endpoint.record.empty()) {
        return note_recording(endpoint.record, command, options);
    }
    if (!endpoint.replay.empty()) {
        return check_replay(ctx, endpoint.replay, command, options);
    }
    return {};
}

}  // namespace rtlduet::cli
