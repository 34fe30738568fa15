// llm/detail/wire.cpp: JSON in and out of the chat-completions endpoint. Servers differ in
// details (llama.cpp's "reasoning_content", others' "reasoning", content null or absent),
// so parsing is lenient about shape and strict only about what a reply must carry.
#include "llm/detail/wire.h"

#include <algorithm>
#include <charconv>

#include <nlohmann/json.hpp>

namespace rtlduet::llm::detail {
namespace {

using nlohmann::json;

constexpr std::size_t kMessageChars = 300;

std::string string_field(const json& object, const char* name) {
    const auto it = object.find(name);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int int_field(const json& object, const char* name) {
    const auto it = object.find(name);
    return it != object.end() && it->is_number_integer() ? it->get<int>() : 0;
}

Usage parse_usage(const json& reply) {
    const auto it = reply.find("usage");
    if (it == reply.end() || !it->is_object()) {
        return {};
    }
    return {.is_reported = true,
            .prompt_tokens = int_field(*it, "prompt_tokens"),
            .completion_tokens = int_field(*it, "completion_tokens"),
            .total_tokens = int_field(*it, "total_tokens")};
}

constexpr auto npos = std::string::npos;

std::optional<int> number_after(const std::string& text, std::string_view marker) {
    const auto at = text.find(marker);
    if (at == npos) {
        return std::nullopt;
    }
    int value = 0;
    const char* first = text.data() + at + marker.size();
    const auto [end, error] = std::from_chars(first, text.data() + text.size(), value);
    return error == std::errc() && end != first && value > 0 ? std::optional(value) : std::nullopt;
}

util::Error reply_error(std::string message, std::string_view body) {
    return util::make_error(util::ErrorKind::Llm, std::move(message),
                            std::string(body.substr(0, kMessageChars)));
}

}  // namespace

Sampling effective_sampling(const ChatRequest& request, const SamplingOverrides& overrides) {
    Sampling sampling;
    sampling.temperature =
        overrides.temperature.value_or(request.temperature.value_or(kDefaultTemperature));
    sampling.top_p = overrides.top_p ? overrides.top_p : request.top_p;
    sampling.max_tokens =
        overrides.max_tokens.value_or(request.max_tokens.value_or(kDefaultMaxTokens));
    if (request.max_tokens_cap) {
        sampling.max_tokens = std::min(sampling.max_tokens, *request.max_tokens_cap);
    }
    sampling.top_k = request.top_k;
    sampling.min_p = request.min_p;
    sampling.stop = request.stop;
    return sampling;
}

std::string build_body(const ChatRequest& request, const Endpoint& endpoint,
                       const Sampling& sampling, std::uint64_t seed, int n, bool stream) {
    json messages = json::array();
    for (const Message& message : request.messages) {
        messages.push_back({{"role", message.role}, {"content", message.content}});
    }
    json body = {{"model", endpoint.llm},
                 {"messages", std::move(messages)},
                 {"max_tokens", sampling.max_tokens},
                 {"temperature", sampling.temperature},
                 {"seed", wire_seed(seed)},
                 {"stream", stream}};
    if (stream) {
        body["stream_options"] = {{"include_usage", true}};
    }
    if (sampling.top_p) {
        body["top_p"] = *sampling.top_p;
    }
    if (sampling.top_k) {
        body["top_k"] = *sampling.top_k;
    }
    if (sampling.min_p) {
        body["min_p"] = *sampling.min_p;
    }
    if (!sampling.stop.empty()) {
        body["stop"] = sampling.stop;
    }
    if (n > 1) {
        body["n"] = n;
    }
    return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

util::Result<ParsedReply> parse_reply(std::string_view body) {
    const json reply = json::parse(body, nullptr, false);
    if (reply.is_discarded() || !reply.is_object()) {
        return reply_error("the reply is not a JSON object", body);
    }
    if (const auto error = reply.find("error"); error != reply.end() && !error->is_null()) {
        return reply_error("the server answered with an error: " + server_message(body), body);
    }
    const auto choices = reply.find("choices");
    if (choices == reply.end() || !choices->is_array() || choices->empty()) {
        return reply_error("the reply has no choices", body);
    }
    std::vector<std::pair<int, Choice>> indexed;
    for (const json& choice : *choices) {
        const auto message = choice.find("message");
        if (!choice.is_object() || message == choice.end() || !message->is_object()) {
            return reply_error("a choice of the reply has no message", body);
        }
        std::string reasoning = string_field(*message, "reasoning_content");
        if (reasoning.empty()) {
            reasoning = string_field(*message, "reasoning");
        }
        indexed.emplace_back(int_field(choice, "index"),
                             Choice{.content = string_field(*message, "content"),
                                    .reasoning = std::move(reasoning),
                                    .finish_reason = string_field(choice, "finish_reason")});
    }
    std::stable_sort(indexed.begin(), indexed.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    ParsedReply parsed{.served_llm = string_field(reply, "model"), .usage = parse_usage(reply)};
    for (auto& [index, choice] : indexed) {
        parsed.choices.push_back(std::move(choice));
    }
    return parsed;
}

std::optional<ContextOverflow> parse_context_overflow(int status, std::string_view body) {
    if (status != 400 && status != 500) {
        return std::nullopt;
    }
    const json reply = json::parse(body, nullptr, false);
    const json error = reply.is_object() ? reply.value("error", json()) : json();
    const std::string message = server_message(body);
    const std::string type = error.is_object() ? string_field(error, "type") : "";
    const bool is_llama = type == "exceed_context_size_error" ||
                          message.find("exceeds the available context size") != npos ||
                          message.find("Context size has been exceeded") != npos;
    const bool is_vllm = status == 400 && message.find("maximum context length") != npos;
    if (!is_llama && !is_vllm) {
        return std::nullopt;
    }
    ContextOverflow overflow{.message = message};
    if (error.is_object()) {
        if (const int n = int_field(error, "n_prompt_tokens"); n > 0) {
            overflow.prompt_tokens = n;
        }
        if (const int n = int_field(error, "n_ctx"); n > 0) {
            overflow.context = n;
        }
    }
    if (is_vllm) {
        // "maximum context length is 2048 tokens. However, you requested 2600 tokens (600 in
        // the messages, 2000 in the completion)"
        overflow.context = number_after(message, "maximum context length is ");
        overflow.prompt_tokens = number_after(message, "tokens (");
    }
    return overflow;
}

std::string server_message(std::string_view body) {
    const json reply = json::parse(body, nullptr, false);
    if (!reply.is_discarded() && reply.is_object()) {
        const auto error = reply.find("error");
        if (error != reply.end() && error->is_object()) {
            const std::string message = string_field(*error, "message");
            if (!message.empty()) {
                return message.substr(0, kMessageChars);
            }
        }
        if (error != reply.end() && error->is_string()) {
            return error->get<std::string>().substr(0, kMessageChars);
        }
    }
    std::string text(body.substr(0, kMessageChars));
    std::replace(text.begin(), text.end(), '\n', ' ');
    return text.empty() ? "(empty body)" : text;
}

util::Result<std::vector<std::string>> parse_model_list(std::string_view body) {
    const json reply = json::parse(body, nullptr, false);
    if (reply.is_discarded() || !reply.is_object()) {
        return reply_error("the model list is not a JSON object", body);
    }
    std::vector<std::string> ids;
    for (const char* list : {"data", "models"}) {
        const auto it = reply.find(list);
        if (it == reply.end() || !it->is_array()) {
            continue;
        }
        for (const json& entry : *it) {
            const std::string id =
                entry.is_object() ? string_field(entry, list[0] == 'd' ? "id" : "name") : "";
            if (!id.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) {
                ids.push_back(id);
            }
        }
    }
    return ids;
}

}  // namespace rtlduet::llm::detail
