// llm/server_info.cpp: server discovery. GET /models first (it also proves the endpoint is
// there), then the routes of the server it turned out to be: llama.cpp's /props and /slots at
// the server root, Ollama's /api/show. Every route is optional.
#include "llm/server_info.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "llm/detail/exchange.h"
#include "llm/detail/server_wire.h"
#include "llm/detail/wire.h"

namespace rtlduet::llm {
namespace {

// The server root: llama.cpp serves /props and /slots there, not under /v1.
std::string server_root(std::string_view base_url) {
    std::string root(base_url);
    while (!root.empty() && root.back() == '/') {
        root.pop_back();
    }
    if (root.ends_with("/v1")) {
        root.resize(root.size() - 3);
    }
    return root;
}

HttpResponse ask(Transport& transport, const Endpoint& endpoint, std::string url,
                 util::Duration timeout, std::string body = {}) {
    HttpRequest request{.method = body.empty() ? "GET" : "POST",
                        .url = std::move(url),
                        .body = std::move(body),
                        .connect_timeout = timeout,
                        .timeout = timeout};
    if (!endpoint.api_key.empty()) {
        request.headers.emplace_back("Authorization", "Bearer " + endpoint.api_key);
    }
    if (!request.body.empty()) {
        request.headers.emplace_back("Content-Type", "application/json");
    }
    return transport.send(request);
}

std::optional<std::string> body_of(const HttpResponse& response) {
    if (response.failure != NetFailure::None || response.status != 200) {
        return std::nullopt;
    }
    return response.body;
}

util::Error unreachable(const Endpoint& endpoint, const HttpResponse& response) {
    if (response.failure == NetFailure::Cancelled) {
        return util::make_error(util::ErrorKind::Interrupted, "interrupted");
    }
    std::string message =
        fmt::format("no LLM server answers at {}: {}", endpoint.base_url, response.error);
    if (endpoint.base_url.starts_with("https://") && response.failure != NetFailure::Connect) {
        message += fmt::format(" (https:// to a plain-HTTP port gets no TLS answer: try {})",
                               "http://" + endpoint.base_url.substr(8));
    }
    return util::make_error(util::ErrorKind::Llm, std::move(message));
}

void take_capacity(ServerInfo& info, const detail::Capacity& capacity, const char* source) {
    if (capacity.slots && !info.slots) {
        info.slots = capacity.slots;
        info.slots_source = source;
    }
    if (capacity.context && !info.context) {
        info.context = capacity.context;
        info.context_source = source;
    }
}

void ask_llama(Transport& transport, const Endpoint& endpoint, util::Duration timeout,
               ServerInfo& info) {
    const std::string root = server_root(endpoint.base_url);
    // /slots first: it is the context each slot really has (also with a unified KV cache).
    if (const auto slots = body_of(ask(transport, endpoint, root + "/slots", timeout))) {
        take_capacity(info, detail::parse_slots(*slots), "/slots");
    }
    if (const auto props = body_of(ask(transport, endpoint, root + "/props", timeout))) {
        const detail::Capacity capacity = detail::parse_props(*props);
        if (capacity.slots || capacity.context) {
            info.server = "llama.cpp";
        }
        take_capacity(info, capacity, "/props");
    }
}

void ask_ollama(Transport& transport, const Endpoint& endpoint, util::Duration timeout,
                ServerInfo& info) {
    const std::string name =
        !endpoint.llm.empty() ? endpoint.llm : (info.models.empty() ? "" : info.models.front());
    const std::string request = nlohmann::json{{"model", name}}.dump();
    const auto show = body_of(
        ask(transport, endpoint, server_root(endpoint.base_url) + "/api/show", timeout, request));
    if (!show) {
        return;
    }
    if (const auto context = detail::parse_ollama_context(*show)) {
        info.server = "ollama";
        take_capacity(info, {.context = context}, "/api/show");
    }
}

}  // namespace

util::Result<ServerInfo> discover_server(Transport& transport, const Endpoint& endpoint,
                                         const DiscoveryOptions& options) {
    const HttpResponse models = ask(
        transport, endpoint, detail::endpoint_url(endpoint.base_url, "models"), options.timeout);
    if (models.failure != NetFailure::None) {
        return unreachable(endpoint, models);
    }
    ServerInfo info;
    if (options.context) {
        info.context = options.context;
        info.context_source = "--context";
    }
    detail::ModelListFacts facts;
    if (models.status == 200) {
        if (auto ids = detail::parse_model_list(models.body)) {
            info.models = std::move(*ids);
        }
        facts = detail::parse_model_facts(models.body, endpoint.llm);
    }
    if (facts.owned_by == "vllm") {
        info.server = "vllm";
    } else if (facts.owned_by == "llamacpp") {
        info.server = "llama.cpp";
    }
    if (info.server != "vllm") {
        ask_llama(transport, endpoint, options.timeout, info);
    }
    take_capacity(info, {.context = facts.context}, "/v1/models");
    if (info.server.empty() && !info.context) {
        ask_ollama(transport, endpoint, options.timeout, info);
    }
    return info;
}

std::string describe(const ServerInfo& info) {
    std::string text = info.server.empty() ? "server unknown" : info.server;
    if (info.slots) {
        text += fmt::format(", {} slot{} ({})", *info.slots, *info.slots == 1 ? "" : "s",
                            info.slots_source);
    }
    text += info.context
                ? fmt::format(", {} tokens per request ({})", *info.context, info.context_source)
                : ", context unknown";
    return text;
}

}  // namespace rtlduet::llm
