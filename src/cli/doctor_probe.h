// cli/doctor_probe.h: `rtlduet doctor --probe`: one 1-token chat completion per server and
// agent, with the agent's LLM name and the API key, which GET /models cannot check (it needs
// no key, and lists names without refusing a wrong one).
#pragma once

#include <string>
#include <vector>

#include "cli/endpoint_options.h"

namespace rtlduet::cli {

struct ProbeResult {
    std::string agent;     // "rtl" or "model"
    std::string base_url;  // the server asked
    bool is_ok = false;
    std::string detail;  // what answered and how fast, or the error
};

/// Probes every server of `pool` for both agents (their LLM: --rtl-llm / --model-llm, else
/// --llm). Nothing is retried: a wrong key (401) or model name (404) shows at once.
std::vector<ProbeResult> probe_agents(AppContext& ctx, const EndpointOptions& options,
                                      const std::vector<llm::EndpointAddress>& pool);

}  // namespace rtlduet::cli
