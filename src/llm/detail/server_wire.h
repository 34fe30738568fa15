// llm/detail/server_wire.h: the capacity fields of server-specific JSON: llama.cpp's /props and
// /slots, the model list's vLLM `max_model_len` and llama.cpp `meta.n_ctx`, Ollama's /api/show.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rtlduet::llm::detail {

struct Capacity {
    std::optional<int> slots;
    std::optional<int> context;
};

/// llama.cpp GET /props: `total_slots`, `default_generation_settings.n_ctx`.
Capacity parse_props(std::string_view body);
/// llama.cpp GET /slots: one entry per slot, each with its `n_ctx` (the smallest is kept).
Capacity parse_slots(std::string_view body);

struct ModelListFacts {
    std::string owned_by;        // of the matching (or first) entry: "llamacpp", "vllm", ...
    std::optional<int> context;  // vLLM max_model_len, or llama.cpp meta.n_ctx
};

/// The entry named `llm` in a GET /models body (the first one when none matches or `llm` is
/// empty).
ModelListFacts parse_model_facts(std::string_view body, std::string_view llm);

/// Ollama POST /api/show: `num_ctx` in the `parameters` text, else
/// `model_info.<arch>.context_length` (the model's trained length, Ollama's upper bound).
std::optional<int> parse_ollama_context(std::string_view body);

}  // namespace rtlduet::llm::detail
