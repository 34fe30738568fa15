// cli/doctor_probe.cpp: the probe goes through the same client as a run (headers, key, body,
// error messages naming the LLM and the endpoint), with no retry, no cache and no stream.
#include "cli/doctor_probe.h"

#include <fmt/format.h>

namespace rtlduet::cli {
namespace {

constexpr auto kProbeTimeout = std::chrono::seconds(60);  // a server may load the model first

ProbeResult probe_one(AppContext& ctx, llm::Transport& transport, llm::Endpoint endpoint,
                      const std::string& agent) {
    llm::ClientConfig config{.endpoint = std::move(endpoint), .stream = false};
    config.retry.retries = 0;
    config.retry.request_timeout = kProbeTimeout;
    config.retry.total_budget = kProbeTimeout;
    llm::InflightLimiter limiter(1);
    util::Logger quiet(util::LogLevel::Silent);
    llm::ChatClient client(config, transport, limiter, quiet, ctx.clock, &ctx.interrupted);
    const llm::ChatRequest request{
        .agent = agent,
        .messages = {{.role = "user", .content = "Reply with the word OK."}},
        .max_tokens = 1};
    ProbeResult result{.agent = agent, .base_url = config.endpoint.base_url};
    auto reply = client.complete(request);
    if (!reply) {
        result.detail = reply.error().message;
        return result;
    }
    result.is_ok = true;
    result.detail =
        fmt::format("llm '{}' answered a 1-token request in {:.1f} s{}",
                    config.endpoint.llm.empty() ? "(default)" : config.endpoint.llm,
                    util::to_seconds(reply->latency),
                    reply->served_llm.empty() ? "" : " (served by " + reply->served_llm + ")");
    return result;
}

}  // namespace

std::vector<ProbeResult> probe_agents(AppContext& ctx, const EndpointOptions& options,
                                      const std::vector<llm::EndpointAddress>& pool) {
    const auto transport = llm::make_curl_transport();
    const llm::Endpoint shared = resolve_endpoint(options);
    std::vector<ProbeResult> results;
    for (const llm::EndpointAddress& address : pool) {
        for (const auto& [agent, name] :
             {std::pair{"rtl", &options.rtl_llm}, std::pair{"model", &options.model_llm}}) {
            llm::Endpoint endpoint = shared;
            endpoint.base_url = address.base_url;
            if (!name->empty()) {
                endpoint.llm = *name;
            }
            results.push_back(probe_one(ctx, *transport, std::move(endpoint), agent));
        }
    }
    return results;
}

}  // namespace rtlduet::cli
