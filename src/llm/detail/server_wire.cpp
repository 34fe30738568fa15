// llm/detail/server_wire.cpp: lenient readers of the servers' capacity JSON. A field that is
// missing or has the wrong type is simply unknown: discovery is advice, never a failure.
#include "llm/detail/server_wire.h"

#include <algorithm>
#include <sstream>

#include <nlohmann/json.hpp>

namespace rtlduet::llm::detail {
namespace {

using nlohmann::json;

json parse_object(std::string_view body) {
    json value = json::parse(body, nullptr, false);
    return value.is_discarded() ? json() : value;
}

std::optional<int> positive_int(const json& object, const char* name) {
    if (!object.is_object()) {
        return std::nullopt;
    }
    const auto it = object.find(name);
    if (it == object.end() || !it->is_number_integer() || it->get<long long>() <= 0 ||
        it->get<long long>() > 100'000'000) {
        return std::nullopt;
    }
    return it->get<int>();
}

}  // namespace

Capacity parse_props(std::string_view body) {
    const json props = parse_object(body);
    if (!props.is_object()) {
        return {};
    }
    Capacity capacity{.slots = positive_int(props, "total_slots")};
    if (const auto settings = props.find("default_generation_settings"); settings != props.end()) {
        capacity.context = positive_int(*settings, "n_ctx");
    }
    return capacity;
}

Capacity parse_slots(std::string_view body) {
    const json slots = parse_object(body);
    if (!slots.is_array() || slots.empty()) {
        return {};
    }
    Capacity capacity{.slots = static_cast<int>(slots.size())};
    for (const json& slot : slots) {
        if (const auto n_ctx = positive_int(slot, "n_ctx")) {
            capacity.context = std::min(capacity.context.value_or(*n_ctx), *n_ctx);
        }
    }
    return capacity;
}

ModelListFacts parse_model_facts(std::string_view body, std::string_view llm) {
    const json list = parse_object(body);
    if (!list.is_object() || !list.contains("data") || !list["data"].is_array() ||
        list["data"].empty()) {
        return {};
    }
    const json& data = list["data"];
    const auto named = std::find_if(data.begin(), data.end(), [&](const json& entry) {
        return entry.is_object() && entry.value("id", "") == llm;
    });
    const json& entry = named != data.end() ? *named : data.front();
    if (!entry.is_object()) {
        return {};
    }
    ModelListFacts facts{.owned_by = entry.value("owned_by", ""),
                         .context = positive_int(entry, "max_model_len")};
    if (!facts.context && entry.contains("meta")) {
        facts.context = positive_int(entry["meta"], "n_ctx");
    }
    return facts;
}

std::optional<int> parse_ollama_context(std::string_view body) {
    const json show = parse_object(body);
    if (!show.is_object()) {
        return std::nullopt;
    }
    // "parameters" is Modelfile text: one "name value" per line.
    std::istringstream lines(show.value("parameters", ""));
    for (std::string name; lines >> name;) {
        std::string value;
        lines >> value;
        if (name == "num_ctx") {
            const json number = json::parse(value, nullptr, false);
            if (number.is_number_integer() && number.get<long long>() > 0) {
                return number.get<int>();
            }
        }
    }
    const auto info = show.find("model_info");
    if (info == show.end() || !info->is_object()) {
        return std::nullopt;
    }
    for (const auto& [key, value] : info->items()) {
        constexpr std::string_view kSuffix = ".context_length";
        if (key.size() > kSuffix.size() && key.ends_with(kSuffix) && value.is_number_integer()) {
            return value.get<int>();
        }
    }
    return std::nullopt;
}

}  // namespace rtlduet::llm::detail
