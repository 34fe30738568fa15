// flow/agents.cpp: JSON agent definitions and prompt-set directories.
#include "flow/agents.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "util/files.h"

namespace rtlduet::flow {
namespace {

using util::ErrorKind;
using Json = nlohmann::json;

util::Result<Json> load_json(const std::filesystem::path& path) {
    auto text = util::read_file(path);
    if (!text) {
        return text.error();
    }
    try {
        return Json::parse(*text);
    } catch (const Json::parse_error& e) {
        return util::make_error(ErrorKind::Input,
                                fmt::format("{}: not valid JSON: {}", path.string(), e.what()));
    }
}

util::Result<AgentDefinition> parse_agent(const Json& json, const std::filesystem::path& path) {
    try {
        AgentDefinition agent;
        agent.name = json.at("name").get<std::string>();
        const std::string role = json.at("role").get<std::string>();
        if (role != "rtl" && role != "model") {
            return util::make_error(ErrorKind::Input,
                                    fmt::format("{}: role must be \"rtl\" or \"model\", not \"{}\"",
                                                path.string(), role));
        }
        agent.role = role == "rtl" ? AgentRole::Rtl : AgentRole::Model;
        const Json& prompts = json.at("prompts");
        agent.system_prompt = prompts.at("system").get<std::string>();
        agent.initial_prompt = prompts.at("initial").get<std::string>();
        agent.feedback_prompt = prompts.at("feedback").get<std::string>();
        agent.repair_prompt = prompts.at("repair").get<std::string>();
        const Json sampling = json.value("sampling", Json::object());
        agent.sampling.temperature = sampling.value("temperature", agent.sampling.temperature);
        agent.sampling.top_p = sampling.value("top_p", agent.sampling.top_p);
        agent.sampling.max_tokens = sampling.value("max_tokens", agent.sampling.max_tokens);
        if (sampling.contains("top_k")) {
            agent.sampling.top_k = sampling.at("top_k").get<int>();
        }
        if (sampling.contains("min_p")) {
            agent.sampling.min_p = sampling.at("min_p").get<double>();
        }
        agent.sampling.stop = sampling.value("stop", std::vector<std::string>());
        agent.repair_budget = json.value("repair_budget", agent.repair_budget);
        agent.must_define = json.value("extract", Json::object()).value("must_define", "");
        return agent;
    } catch (const Json::exception& e) {
        return util::make_error(
            ErrorKind::Input, fmt::format("{}: bad agent definition: {}", path.string(), e.what()));
    }
}

util::Result<PromptSet> load_prompt_set(const std::filesystem::path& dir) {
    auto json = load_json(dir / "set.json");
    if (!json) {
        return json.error().with_context("prompt set");
    }
    PromptSet set;
    set.dir = dir;
    set.name = json->value("name", dir.filename().string());
    bool asks_for_outputs = false;
    for (const auto& method : json->value("model_methods", Json::array())) {
        asks_for_outputs |= method == "outputs";
    }
    set.asks_for_outputs_method = asks_for_outputs;
    set.feedback_style = json->value("feedback_style", "table") == "chipmate"
                             ? FeedbackStyle::Chipmate
                             : FeedbackStyle::Table;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        if (entry.path().extension() == ".md") {
            auto text = util::read_file(entry.path());
            if (!text) {
                return text.error();
            }
            set.templates.emplace(entry.path().filename().string(), std::move(*text));
        }
    }
    return set;
}

util::Status check_templates(const AgentDefinition& agent, const PromptSet& set) {
    for (const std::string* file : {&agent.system_prompt, &agent.initial_prompt,
                                    &agent.feedback_prompt, &agent.repair_prompt}) {
        if (set.find(*file) == nullptr) {
            return util::make_error(ErrorKind::Input,
                                    fmt::format("agent {} names prompt {} but {} has no such file",
                                                agent.name, *file, set.dir.string()));
        }
    }
    return {};
}

}  // namespace

const std::string* PromptSet::find(std::string_view file) const {
    const auto found = templates.find(file);
    return found == templates.end() ? nullptr : &found->second;
}

std::string_view to_string(AgentRole role) {
    return role == AgentRole::Rtl ? "rtl" : "model";
}

util::Result<AgentPair> load_agents(const std::filesystem::path& agents_dir,
                                    const std::filesystem::path& prompts_dir) {
    AgentPair pair;
    for (auto [file, target, role] :
         {std::tuple{"rtl_writer.json", &pair.rtl, AgentRole::Rtl},
          std::tuple{"model_writer.json", &pair.model, AgentRole::Model}}) {
        const auto path = agents_dir / file;
        auto json = load_json(path);
        if (!json) {
            return json.error().with_context("agents");
        }
        auto agent = parse_agent(*json, path);
        if (!agent) {
            return agent.error();
        }
        if (agent->role != role) {
            return util::make_error(ErrorKind::Input, fmt::format("{}: expected role \"{}\"",
                                                                  path.string(), to_string(role)));
        }
        *target = std::move(*agent);
    }
    auto prompts = load_prompt_set(prompts_dir);
    if (!prompts) {
        return prompts.error();
    }
    pair.prompts = std::move(*prompts);
    for (const AgentDefinition* agent : {&pair.rtl, &pair.model}) {
        if (auto checked = check_templates(*agent, pair.prompts); !checked) {
            return checked.error();
        }
    }
    return pair;
}

}  // namespace rtlduet::flow
