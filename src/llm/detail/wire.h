// llm/detail/wire.h: the OpenAI chat-completions JSON: request bodies out, replies in, and the
// server's own error text out of error bodies.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "llm/chat_client.h"
#include "util/error.h"

namespace rtlduet::llm::detail {

inline constexpr double kDefaultTemperature = 0.8;
inline constexpr int kDefaultMaxTokens = 4096;

/// The sampling actually sent: overrides, then the request's values, then defaults.
struct Sampling {
    double temperature = kDefaultTemperature;
    std::optional<double> top_p;
    int max_tokens = kDefaultMaxTokens;
    std::optional<int> top_k;
    std::optional<double> min_p;
    std::vector<std::string> stop;
};

Sampling effective_sampling(const ChatRequest& request, const SamplingOverrides& overrides);

/// The JSON body of POST /chat/completions; `n` is sent only when above 1, the seed through
/// wire_seed(); `stream` asks for server-sent events with the usage chunk.
std::string build_body(const ChatRequest& request, const Endpoint& endpoint,
                       const Sampling& sampling, std::uint64_t seed, int n, bool stream);

struct Choice {
    std::string content;
    std::string reasoning;
    std::string finish_reason;
};

struct ParsedReply {
    std::vector<Choice> choices;  // ordered by their "index"
    std::string served_llm;
    Usage usage;
};

/// Parses a 200 body. Errors (kind Llm): not JSON, an {"error": ...} body, no choices.
util::Result<ParsedReply> parse_reply(std::string_view body);

/// The refusal of a prompt that does not fit the slot (see ContextOverflow), or nullopt.
std::optional<ContextOverflow> parse_context_overflow(int status, std::string_view body);

/// The server's message in an error body, else the start of the body.
std::string server_message(std::string_view body);

/// The ids of a GET /models reply (OpenAI "data", or Ollama-style "models").
util::Result<std::vector<std::string>> parse_model_list(std::string_view body);

}  // namespace rtlduet::llm::detail
