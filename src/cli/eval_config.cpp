// cli/eval_config.cpp: the result-changing settings of `rtlduet eval`, written out as text.
#include "cli/eval_config.h"

#include <fmt/format.h>

#include "util/hash.h"

namespace rtlduet::cli {
namespace {

std::string optional_text(const std::optional<double>& value) {
    return value ? fmt::format("{}", *value) : "agent";
}

void hash_agent(util::Sha256& hash, const flow::AgentDefinition& agent) {
    hash.field(agent.name).field(flow::to_string(agent.role));
    for (const std::string* file : {&agent.system_prompt, &agent.initial_prompt,
                                    &agent.feedback_prompt, &agent.repair_prompt}) {
        hash.field(*file);
    }
    hash.field(fmt::format("{} {} {} {}", agent.sampling.temperature, agent.sampling.top_p,
                           agent.sampling.max_tokens, agent.repair_budget));
    hash.field(agent.must_define);
}

// The agents and every template of the prompt set, by content (not by path).
std::string agents_digest(const flow::AgentPair& agents) {
    util::Sha256 hash;
    hash_agent(hash, agents.rtl);
    hash_agent(hash, agents.model);
    hash.field(agents.prompts.name)
        .field(agents.prompts.asks_for_outputs_method ? "outputs" : "eval-only")
        .field(agents.prompts.feedback_style == flow::FeedbackStyle::Table ? "table" : "chipmate");
    for (const auto& [file, text] : agents.prompts.templates) {
        hash.field(file).field(text);
    }
    return hash.hex_digest().substr(0, 16);
}

}  // namespace

std::map<std::string, std::string> eval_config(const FlowCliOptions& flow, const LlmSettings& llm,
                                               const flow::AgentPair& agents,
                                               const std::string& interface_text,
                                               const std::string& scoring) {
    const llm::SamplingOverrides& sampling = llm.rtl.overrides;
    std::map<std::string, std::string> config = {
        {"candidates", std::to_string(flow.candidates)},
        {"turns", std::to_string(flow.turns)},
        {"vectors", std::to_string(flow.vectors)},
        {"seed", std::to_string(flow.seed)},
        {"pairing", flow.pairing},
        {"revert", flow.revert ? "yes" : "no"},
        {"sim", flow.simulator == "icarus" ? "iverilog" : flow.simulator},
        {"clock", flow.clock},
        {"reset", flow.reset},
        {"feedback_mismatches", std::to_string(flow.feedback_mismatches)},
        {"interface", interface_text.empty() ? "" : util::sha256_hex(interface_text).substr(0, 16)},
        {"agents", agents_digest(agents)},
        {"rtl_llm", llm.rtl.endpoint.llm},
        {"model_llm", llm.model.endpoint.llm},
        {"temperature", optional_text(sampling.temperature)},
        {"top_p", optional_text(sampling.top_p)},
        {"max_tokens", sampling.max_tokens ? std::to_string(*sampling.max_tokens) : "agent"},
        {"fanout", llm.rtl.fanout == llm::Fanout::Native ? "native" : "auto"},
        {"scoring", scoring}};
    // Only when not the default, so that earlier configurations and recordings still match.
    if (flow.confirm != "other") {
        config["confirm"] = flow.confirm;
    }
    if (flow.require_synth) {
        config["require_synth"] = "yes";
    }
    config["guided"] = flow.guided;
    return config;
}

}  // namespace rtlduet::cli
