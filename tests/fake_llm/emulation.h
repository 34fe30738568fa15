// fake_llm/emulation.h: what a real server adds around a scripted reply: its capacity routes
// (llama.cpp /props and /slots, vLLM's max_model_len, Ollama's /api/show), the API key, the
// refusal of `n` above the slot count and of a prompt beyond the slot's context, and a reply
// cut where max_tokens or the slot's context ends.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "fake_llm/script.h"

namespace rtlduet::fake_llm {

enum class Flavour { LlamaCpp, Vllm, Ollama, Plain };

/// "llama.cpp", "vllm", "ollama", "plain"; nullopt for anything else.
std::optional<Flavour> parse_flavour(std::string_view name);

struct Capacity {
    Flavour flavour = Flavour::LlamaCpp;
    int slots = 0;                 // > 0: published, and `n` above it is refused (llama.cpp)
    int context = 0;               // > 0: tokens per slot, published and enforced
    bool has_slots_route = true;   // false: /slots answers 501, as with --no-slots
    bool overflow_is_500 = false;  // the "Context size has been exceeded." of a shared cache
    std::string api_key;           // non-empty: chat requests must carry it
    int busy = 0;                  // slots processing now (for /slots)
    std::string model;             // the script's model: the only name vLLM answers to
};

/// GET /v1/models.
nlohmann::json model_list(const std::string& model, const Capacity& capacity);
/// GET /props, GET /slots, POST /api/show: nullopt when the flavour has no such route (404).
std::optional<nlohmann::json> props(const std::string& model, const Capacity& capacity);
std::optional<Rendered> slots(const Capacity& capacity);
std::optional<nlohmann::json> ollama_show(const Capacity& capacity);

/// The refusal a real server gives before generating, or nullopt: 401 without the key, 400
/// for `n` above the slots, 400 (vLLM: prompt plus max_tokens) or 400/500 (llama.cpp) for a
/// prompt beyond the context.
std::optional<Rendered> refusal(const nlohmann::json& request, const std::string& authorization,
                                const Capacity& capacity);

/// Cuts a 200 reply's choices at max_tokens and at what is left of the slot's context, with
/// finish_reason "length" and usage to match (only when `context` is set).
void fit_reply(Rendered& answer, const nlohmann::json& request, const Capacity& capacity);

}  // namespace rtlduet::fake_llm
