// llm/detail/exchange.h: one logical request to the endpoint: the HTTP exchanges, retries
// with backoff, the per-exchange and total deadlines, and the error a caller finally sees.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "llm/chat_client.h"
#include "llm/detail/wire.h"

namespace rtlduet::llm::detail {

struct ExchangeContext {
    Transport& transport;
    InflightLimiter& limiter;
    util::Logger& log;
    const util::Clock& clock;
    const RetryPolicy& policy;
    const Endpoint& endpoint;  // the LLM and the key; the URL comes from the pool member
    EndpointPool& pool;
    const std::vector<std::size_t>& members;  // the client's servers in `pool`
    const std::atomic<bool>* cancel = nullptr;
    RequestObserver* observer = nullptr;
    std::function<util::Duration(util::Duration)> jitter;  // backoff -> randomized backoff
};

struct Exchange {
    ParsedReply reply;
    std::optional<ContextOverflow> overflow;  // set: refused for its size, `reply` is empty
    int attempts = 0;
    int retries = 0;
    util::Duration latency{};  // of the exchange that succeeded
    std::string endpoint;      // base URL of the member that answered
};

/// POSTs `body` to {base}/chat/completions of a pool member until a usable reply, a refusal
/// for context size (returned as a value, never retried), a non-retryable failure, the
/// attempt budget or the total budget. A failed exchange moves to another member at once
/// while one is up (a failover, not counted as a retry). `agent` and `sample` name the
/// request in logs
/// ("rtl#2") and go to the server as X-Rtlduet-Agent / X-Rtlduet-Sample headers.
util::Result<Exchange> post_chat(const ExchangeContext& ctx, const std::string& body,
                                 const std::string& agent, int sample);

/// Seconds from a Retry-After value (delta-seconds, fractions accepted); nullopt for dates or
/// garbage.
std::optional<util::Duration> parse_retry_after(std::string_view value);

/// Joins the base URL and a path without doubling the slash.
std::string endpoint_url(std::string_view base_url, std::string_view path);

}  // namespace rtlduet::llm::detail
