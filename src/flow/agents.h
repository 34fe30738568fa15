// flow/agents.h: the declarative agent definitions (agents/*.json) and prompt sets
// (prompts/<set>/), loaded and checked before a run starts.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "util/error.h"

namespace rtlduet::flow {

enum class AgentRole { Rtl, Model };
enum class FeedbackStyle { Table, Chipmate };

struct Sampling {
    double temperature = 0.8;
    double top_p = 0.95;
    int max_tokens = 4096;
    // Sent when set, so results do not depend on a server's defaults.
    std::optional<int> top_k;
    std::optional<double> min_p;
    std::vector<std::string> stop;
};

struct AgentDefinition {
    std::string name;
    AgentRole role = AgentRole::Rtl;
    std::string system_prompt;  // template file names inside the prompt set
    std::string initial_prompt;
    std::string feedback_prompt;
    std::string repair_prompt;
    Sampling sampling;
    int repair_budget = 2;
    std::string must_define;  // "module TopModule" / "class TopModule"
};

struct PromptSet {
    std::string name;
    std::filesystem::path dir;
    bool asks_for_outputs_method = true;  // the model writes the pre-edge outputs() too
    FeedbackStyle feedback_style = FeedbackStyle::Table;
    std::map<std::string, std::string, std::less<>> templates;  // file name -> text
    const std::string* find(std::string_view file) const;
};

struct AgentPair {
    AgentDefinition rtl;
    AgentDefinition model;
    PromptSet prompts;
};

/// Loads agents_dir/rtl_writer.json, agents_dir/model_writer.json and the prompt set in
/// prompts_dir, and checks every template they name exists.
util::Result<AgentPair> load_agents(const std::filesystem::path& agents_dir,
                                    const std::filesystem::path& prompts_dir);

std::string_view to_string(AgentRole role);

}  // namespace rtlduet::flow
