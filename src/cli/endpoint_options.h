// cli/endpoint_options.h: the endpoint options of DESIGN.md (--endpoint, --llm, per-agent
// overrides, sampling, fan-out, in-flight cap, timeouts, cache/record/replay), shared by every
// command that talks to an LLM, and the llm clients built from them.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/app.h"
#include "llm/chat_client.h"

namespace rtlduet::cli {

/// Option values as given; empty strings mean "not given" (environment defaults apply).
/// Endpoint lists hold `URL[#slots=N]` items, each of which may itself be a comma-separated list.
struct EndpointOptions {
    std::vector<std::string> endpoints;
    std::string llm;
    std::string api_key;
    std::vector<std::string> rtl_endpoints;
    std::string rtl_llm;
    std::vector<std::string> model_endpoints;
    std::string model_llm;
    std::optional<double> temperature;
    std::optional<double> top_p;
    std::optional<int> max_tokens;
    std::optional<int> context;
    std::string fanout = "auto";
    std::optional<int> max_inflight;  // default: the slots of the pool
    double request_timeout_s = 300;
    double stall_timeout_s = 60;
    bool no_stream = false;
    int retries = 4;
    std::string cache;
    std::string record;
    std::string replay;
};

/// --endpoint, --llm and --api-key only (what `doctor` takes).
void add_endpoint_address_options(CLI::App& command, EndpointOptions& options);
/// Every endpoint option of DESIGN.md.
void add_endpoint_options(CLI::App& command, EndpointOptions& options);

/// The LLM name and key after the environment defaults (flag, then RTLDUET_LLM /
/// OPENAI_API_KEY), with the first server of the shared pool as its URL.
llm::Endpoint resolve_endpoint(const EndpointOptions& options);
/// The shared pool: --endpoint values, else RTLDUET_ENDPOINT (a list separated by commas or
/// spaces), else http://127.0.0.1:8080/v1. Usage error for a bad URL or fragment.
util::Result<std::vector<llm::EndpointAddress>> resolve_pool(const EndpointOptions& options);
/// Whether the endpoint was named by flag or environment (not just the built-in default).
bool is_endpoint_configured(const EndpointOptions& options);

struct LlmSettings {
    llm::ClientConfig rtl;    // the Verilog writer's endpoints and LLM
    llm::ClientConfig model;  // the reference-model writer's
    std::optional<int> max_inflight;
};

/// Checks the options (Usage errors) and builds both agents' client configurations.
util::Result<LlmSettings> make_llm_settings(const EndpointOptions& options);

/// The clients of one run: one transport, one endpoint pool and one in-flight limiter shared
/// by both agents (the limiter holds --max-inflight, by default the pool's slots).
struct LlmClients {
    std::unique_ptr<llm::Transport> transport;
    std::unique_ptr<llm::EndpointPool> pool;
    std::unique_ptr<llm::InflightLimiter> limiter;
    std::unique_ptr<llm::ChatClient> rtl;
    std::unique_ptr<llm::ChatClient> model;
};

/// Builds the clients over libcurl, cancelled by Ctrl-C through ctx.interrupted. Unless the
/// replies come from --replay, each endpoint is asked once up front what it is (slots,
/// context: llm/server_info.h); one that does not answer fails at once, with a hint.
/// `observer` (not owned, may be null) is told about every exchange of both clients.
util::Result<LlmClients> make_llm_clients(AppContext& ctx, const EndpointOptions& options,
                                          llm::RequestObserver* observer = nullptr);

/// With a pool of several servers, one info line: what each answered and how often it was out.
void log_pool_usage(util::Logger& log, const LlmClients& clients);

}  // namespace rtlduet::cli
