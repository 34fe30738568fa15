// llm/server_info.h: what an endpoint says about its capacity, asked once before a run: how
// many requests it processes at once (slots) and how many tokens one request may use (the
// context of a slot), from llama.cpp's /props and /slots, vLLM's max_model_len in /v1/models,
// Ollama's num_ctx, or the --context option.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "llm/chat_client.h"
#include "llm/transport.h"
#include "util/error.h"

namespace rtlduet::llm {

struct ServerInfo {
    std::string server;               // "llama.cpp", "vllm", "ollama", or "" when unknown
    std::vector<std::string> models;  // ids of GET /models
    std::optional<int> slots;         // requests processed at once (llama.cpp only)
    std::optional<int> context;       // tokens of one slot: prompt plus reply
    std::string slots_source;         // "/slots", "/props"
    std::string context_source;  // "--context", "/slots", "/props", "/v1/models", "/api/show", ...
    bool operator==(const ServerInfo&) const = default;
};

struct DiscoveryOptions {
    util::Duration timeout = std::chrono::seconds(3);  // per GET
    std::optional<int> context;                        // --context N: wins over the server's
};

/// Asks the endpoint. Routes a server does not have leave fields empty; the only error (kind
/// Llm) is an endpoint that cannot be reached at all (no connection, no answer in time), with
/// a hint for an https:// URL that points at a plain-HTTP port.
util::Result<ServerInfo> discover_server(Transport& transport, const Endpoint& endpoint,
                                         const DiscoveryOptions& options = {});

/// "4 slots of 4096 tokens (/props)"-style summary for doctor and logs.
std::string describe(const ServerInfo& info);

}  // namespace rtlduet::llm
