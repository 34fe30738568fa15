// cli/eval_config.h: the settings of an evaluation that change its results (flow, sampling,
// LLM names, prompts, scoring), as the key/value list behind its config hash. Paths, the
// endpoint URL, --jobs, --max-inflight, timeouts and the problem selection stay out, so
// shards on different machines and a resumed run with more samples share one hash.
#pragma once

#include <map>
#include <string>

#include "cli/endpoint_options.h"
#include "cli/flow_options.h"
#include "flow/agents.h"

namespace rtlduet::cli {

/// `interface_text` is the content of --interface (empty when not given); `scoring` is
/// bench::score_config_hash of the suite and tools.
std::map<std::string, std::string> eval_config(const FlowCliOptions& flow, const LlmSettings& llm,
                                               const flow::AgentPair& agents,
                                               const std::string& interface_text,
                                               const std::string& scoring);

}  // namespace rtlduet::cli
