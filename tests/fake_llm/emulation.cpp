// fake_llm/emulation.cpp: the server behaviours of ../shared/notes/llama-server-protocol.md
// that do not depend on the script: error texts and shapes are the real servers' own.
#include "fake_llm/emulation.h"

#include <algorithm>

#include <fmt/format.h>

namespace rtlduet::fake_llm {
namespace {

using nlohmann::json;

Rendered error_answer(int status, std::string message, std::string type, json extra = {}) {
    json error = {{"code", status}, {"message", std::move(message)}, {"type", std::move(type)}};
    if (extra.is_object()) {
        error.update(extra);
    }
    return {.status = status, .body = json{{"error", std::move(error)}}.dump()};
}

bool has_key(const std::string& authorization, const std::string& key) {
    return authorization == "Bearer " + key || authorization == key;
}

int asked_max_tokens(const json& request) {
    const json value = request.is_object() ? request.value("max_tokens", json()) : json();
    return value.is_number_integer() ? value.get<int>() : -1;
}

// How many tokens a reply may have: max_tokens (0 still generates one), then the slot.
int reply_limit(const json& request, int prompt_tokens, const Capacity& capacity) {
    int limit = capacity.context - prompt_tokens;
    if (const int max_tokens = asked_max_tokens(request); max_tokens >= 0) {
        limit = std::min(limit, std::max(1, max_tokens));
    }
    return std::max(1, limit);
}

}  // namespace

std::optional<Flavour> parse_flavour(std::string_view name) {
    for (const auto& [text, flavour] :
         {std::pair{"llama.cpp", Flavour::LlamaCpp}, std::pair{"vllm", Flavour::Vllm},
          std::pair{"ollama", Flavour::Ollama}, std::pair{"plain", Flavour::Plain}}) {
        if (name == text) {
            return flavour;
        }
    }
    return std::nullopt;
}

json model_list(const std::string& model, const Capacity& capacity) {
    json entry = {{"id", model}, {"object", "model"}, {"owned_by", "fake"}};
    if (capacity.flavour == Flavour::LlamaCpp) {
        entry["owned_by"] = "llamacpp";
        if (capacity.context > 0) {
            entry["meta"] = {{"n_ctx", capacity.context}, {"n_ctx_train", capacity.context}};
        }
    } else if (capacity.flavour == Flavour::Vllm) {
        entry["owned_by"] = "vllm";
        if (capacity.context > 0) {
            entry["max_model_len"] = capacity.context;
        }
    } else if (capacity.flavour == Flavour::Ollama) {
        entry["owned_by"] = "library";
    }
    return {{"object", "list"}, {"data", json::array({std::move(entry)})}};
}

// With no context configured nothing is published: an unlimited fake must not make the
// client budget for a context that is not there.
std::optional<json> props(const std::string& model, const Capacity& capacity) {
    if (capacity.flavour != Flavour::LlamaCpp) {
        return std::nullopt;
    }
    json out = {{"default_generation_settings", json::object()}, {"model_path", model}};
    if (capacity.context > 0) {
        out["default_generation_settings"]["n_ctx"] = capacity.context;
    }
    if (capacity.slots > 0) {
        out["total_slots"] = capacity.slots;
    }
    return out;
}

std::optional<Rendered> slots(const Capacity& capacity) {
    if (capacity.flavour != Flavour::LlamaCpp) {
        return std::nullopt;
    }
    if (!capacity.has_slots_route) {
        return error_answer(501, "This server does not support slots endpoint.",
                            "not_supported_error");
    }
    json list = json::array();
    for (int id = 0; id < capacity.slots; ++id) {
        json slot = {{"id", id}, {"is_processing", id < capacity.busy}};
        if (capacity.context > 0) {
            slot["n_ctx"] = capacity.context;
        }
        list.push_back(std::move(slot));
    }
    return Rendered{.body = list.dump()};
}

std::optional<json> ollama_show(const Capacity& capacity) {
    if (capacity.flavour != Flavour::Ollama) {
        return std::nullopt;
    }
    const int context = capacity.context > 0 ? capacity.context : 2048;
    return json{{"parameters", fmt::format("stop \"<|im_end|>\"\nnum_ctx {}\n", context)},
                {"model_info", {{"qwen2.context_length", 32768}}}};
}

std::optional<Rendered> refusal(const json& request, const std::string& authorization,
                                const Capacity& capacity) {
    if (!capacity.api_key.empty() && !has_key(authorization, capacity.api_key)) {
        return error_answer(401, "Invalid API Key", "authentication_error");
    }
    const std::string asked =
        request.is_object() && request.contains("model") && request["model"].is_string()
            ? request["model"].get<std::string>()
            : "";
    if (capacity.flavour == Flavour::Vllm && asked != capacity.model) {
        // vLLM serves only its own name; llama.cpp ignores the name.
        return error_answer(404, fmt::format("The model `{}` does not exist.", asked),
                            "NotFoundError");
    }
    const int n = request.is_object() ? request.value("n", 1) : 1;
    if (capacity.flavour == Flavour::LlamaCpp && capacity.slots > 0 && n > capacity.slots) {
        return error_answer(400,
                            fmt::format("Field 'n': Value must be between 1 <= value <= {}, but "
                                        "got {}",
                                        capacity.slots, n),
                            "invalid_request_error");
    }
    if (capacity.context <= 0) {
        return std::nullopt;
    }
    const int prompt = request_tokens(request);
    if (capacity.flavour == Flavour::Vllm) {
        const int max_tokens = std::max(0, asked_max_tokens(request));
        if (prompt + max_tokens > capacity.context) {
            return error_answer(
                400,
                fmt::format("This model's maximum context length is {} tokens. However, you "
                            "requested {} tokens ({} in the messages, {} in the completion). "
                            "Please reduce the length of the messages or completion.",
                            capacity.context, prompt + max_tokens, prompt, max_tokens),
                "BadRequestError");
        }
    } else if (prompt >= capacity.context) {
        if (capacity.overflow_is_500) {
            return error_answer(500, "Context size has been exceeded.", "server_error");
        }
        return error_answer(400,
                            fmt::format("request ({} tokens) exceeds the available context size "
                                        "({} tokens), try increasing it",
                                        prompt, capacity.context),
                            "exceed_context_size_error",
                            {{"n_prompt_tokens", prompt}, {"n_ctx", capacity.context}});
    }
    return std::nullopt;
}

void fit_reply(Rendered& answer, const json& request, const Capacity& capacity) {
    if (capacity.context <= 0 || answer.status != 200) {
        return;
    }
    json body = json::parse(answer.body, nullptr, false);
    if (!body.is_object() || !body.contains("choices") || !body["choices"].is_array()) {
        return;
    }
    const int prompt = request_tokens(request);
    const int limit = reply_limit(request, prompt, capacity);
    int completion = 0;
    for (json& choice : body["choices"]) {
        std::string content = choice["message"].value("content", "");
        if (approx_tokens(content) > capacity.context - prompt && capacity.overflow_is_500) {
            answer = error_answer(500, "Context size has been exceeded.", "server_error");
            return;
        }
        if (approx_tokens(content) > limit) {
            content.resize(static_cast<std::size_t>(limit) * 4);
            choice["message"]["content"] = content;
            choice["finish_reason"] = "length";
        }
        completion = approx_tokens(content);
    }
    if (body.contains("usage")) {
        body["usage"]["completion_tokens"] = completion;
        body["usage"]["total_tokens"] = prompt + completion;
    }
    answer.body = body.dump();
}

}  // namespace rtlduet::fake_llm
