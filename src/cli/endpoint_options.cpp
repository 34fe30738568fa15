// cli/endpoint_options.cpp: registration and resolution of the endpoint options. Flags win over
// the environment, per-agent flags over the shared ones; each names one server or a pool of
// them; --cache, --record and --replay exclude each other.
#include "cli/endpoint_options.h"

#include <cctype>
#include <filesystem>
#include <map>
#include <system_error>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cli/option_checks.h"
#include "llm/server_info.h"

namespace rtlduet::cli {
namespace {

constexpr const char* kDefaultEndpoint = "http://127.0.0.1:8080/v1";
constexpr auto kConnectTimeout = std::chrono::seconds(5);
constexpr auto kBudgetSlack = std::chrono::seconds(60);
constexpr auto kDiscoveryTimeout = std::chrono::seconds(5);
constexpr const char* kDownHint =
    "start an OpenAI-compatible server there (docs/endpoints.md), point --endpoint at a running "
    "one, use --replay DIR to answer from a recording, or run `rtlduet doctor --endpoint URL`";

util::Error usage(std::string message) {
    return util::make_error(util::ErrorKind::Usage, std::move(message));
}

// One rule for every command that takes an endpoint (run, eval, doctor): a scheme and a
// path ending in /v1, where the OpenAI routes hang. A forgotten /v1 gets the URL to type.
util::Status check_url(const std::string& flag, const std::string& url) {
    const bool has_scheme = url.starts_with("http://") || url.starts_with("https://");
    if (has_scheme && url.ends_with("/v1")) {
        return {};
    }
    std::string suggestion = has_scheme ? url : "http://" + url;
    if (suggestion.find('/', suggestion.find("//") + 2) == std::string::npos) {
        suggestion += "/v1";
    }
    std::string message =
        fmt::format("{} must be an http:// or https:// URL ending in /v1, not '{}'", flag, url);
    if (suggestion != url) {
        message += fmt::format(" (try {})", suggestion);
    }
    return usage(message);
}

util::Result<llm::CacheConfig> cache_config(const EndpointOptions& options) {
    llm::CacheConfig cache;
    int given = 0;
    for (const auto& [mode, dir] : {std::pair{llm::CacheMode::Reuse, &options.cache},
                                    std::pair{llm::CacheMode::Record, &options.record},
                                    std::pair{llm::CacheMode::Replay, &options.replay}}) {
        if (!dir->empty()) {
            ++given;
            cache = {.mode = mode, .dir = *dir};
        }
    }
    if (given > 1) {
        return usage("--cache, --record and --replay exclude each other");
    }
    std::error_code error;
    if (cache.mode == llm::CacheMode::Replay && !std::filesystem::is_directory(cache.dir, error)) {
        return util::make_error(util::ErrorKind::Input,
                                "--replay " + cache.dir.string() + ": no such directory");
    }
    return cache;
}

// Each value may hold several addresses separated by commas or white space.
std::vector<std::string> split_list(const std::vector<std::string>& values) {
    std::vector<std::string> items;
    for (const std::string& value : values) {
        std::string item;
        for (const char c : value + ",") {
            if (c == ',' || std::isspace(static_cast<unsigned char>(c)) != 0) {
                if (!item.empty()) {
                    items.push_back(std::move(item));
                }
                item.clear();
            } else {
                item += c;
            }
        }
    }
    return items;
}

util::Result<std::vector<llm::EndpointAddress>> parse_addresses(
    const std::vector<std::string>& values, const std::string& flag) {
    std::vector<llm::EndpointAddress> addresses;
    for (const std::string& item : split_list(values)) {
        auto address = llm::parse_endpoint_address(item);
        if (!address) {
            return usage(flag + ": " + address.error().message);
        }
        if (auto checked = check_url(flag, address->base_url); !checked) {
            return checked.error();
        }
        addresses.push_back(std::move(*address));
    }
    return addresses;
}

util::Result<llm::ClientConfig> agent_config(const EndpointOptions& options,
                                             const llm::Endpoint& shared,
                                             const std::vector<llm::EndpointAddress>& shared_pool,
                                             const std::vector<std::string>& urls,
                                             const std::string& name, const char* flag) {
    llm::ClientConfig config;
    config.endpoint = shared;
    config.endpoints = shared_pool;
    if (!urls.empty()) {
        auto own = parse_addresses(urls, flag);
        if (!own) {
            return own.error();
        }
        if (own->empty()) {
            return usage(std::string(flag) + " names no endpoint");
        }
        config.endpoints = std::move(*own);
    }
    config.endpoint.base_url = config.endpoints.front().base_url;
    if (!name.empty()) {
        config.endpoint.llm = name;
    }
    config.overrides = {.temperature = options.temperature,
                        .top_p = options.top_p,
                        .max_tokens = options.max_tokens};
    config.context = options.context;
    config.fanout = options.fanout == "native" ? llm::Fanout::Native : llm::Fanout::Auto;
    const auto timeout = std::chrono::duration_cast<util::Duration>(
        std::chrono::duration<double>(options.request_timeout_s));
    config.retry.retries = options.retries;
    config.retry.connect_timeout = kConnectTimeout;
    config.retry.request_timeout = timeout;
    config.retry.stall_timeout = std::chrono::duration_cast<util::Duration>(
        std::chrono::duration<double>(options.stall_timeout_s));
    config.stream = !options.no_stream;
    config.retry.total_budget = 2 * timeout + kBudgetSlack;
    return config;
}

}  // namespace

void add_endpoint_address_options(CLI::App& command, EndpointOptions& options) {
    command.add_option("--endpoint", options.endpoints,
                       "OpenAI-compatible base URL ending in /v1, optionally URL#slots=N; "
                       "repeat it (or separate by commas) for a pool of servers (default: "
                       "RTLDUET_ENDPOINT, then http://127.0.0.1:8080/v1)");
    command.add_option("--llm", options.llm,
                       "Name of the served LLM, sent as \"model\" (default: RTLDUET_LLM)");
    command.add_option("--api-key", options.api_key,
                       "Bearer token for the endpoint (default: OPENAI_API_KEY)");
}

void add_endpoint_options(CLI::App& command, EndpointOptions& options) {
    add_endpoint_address_options(command, options);
    command.add_option("--rtl-endpoint", options.rtl_endpoints,
                       "Endpoint(s) of the Verilog writer, repeatable (default: --endpoint)");
    command.add_option("--rtl-llm", options.rtl_llm, "LLM of the Verilog writer (default: --llm)");
    command.add_option("--model-endpoint", options.model_endpoints,
                       "Endpoint(s) of the reference-model writer, repeatable (default: "
                       "--endpoint)");
    command.add_option("--model-llm", options.model_llm,
                       "LLM of the reference-model writer (default: --llm)");
    command
        .add_option_function<double>(
            "--temperature", [&options](const double& value) { options.temperature = value; },
            "Sampling temperature for both agents (default: each agent's own)")
        ->check(number_between(0, 2));
    command
        .add_option_function<double>(
            "--top-p", [&options](const double& value) { options.top_p = value; },
            "Nucleus sampling top_p for both agents (default: each agent's own)")
        ->check(number_between(0, 1));
    command
        .add_option_function<int>(
            "--max-tokens", [&options](const int& value) { options.max_tokens = value; },
            "Completion token limit per reply (default: each agent's own)")
        ->check(whole_number(1, 10'000'000));
    command
        .add_option_function<int>(
            "--context", [&options](const int& value) { options.context = value; },
            "Tokens one request may use on the server, prompt plus reply (default: asked of "
            "the server: llama.cpp /props and /slots, vLLM max_model_len, Ollama num_ctx)")
        ->check(whole_number(256, 100'000'000));
    command
        .add_option("--fanout", options.fanout,
                    "Samples as one request each with distinct seeds (auto), or one request "
                    "with n (native)")
        ->check(CLI::IsMember({"auto", "native"}))
        ->capture_default_str();
    command
        .add_option_function<int>(
            "--max-inflight", [&options](const int& value) { options.max_inflight = value; },
            "Most LLM requests in flight at once, over all agents and endpoints (default: the "
            "pool's slots, 4 per endpoint unless URL#slots=N says otherwise)")
        ->check(whole_number(1, 1024));
    command
        .add_option("--request-timeout", options.request_timeout_s,
                    "Seconds one LLM exchange may take")
        ->check(number_between(0.1, 86400))
        ->capture_default_str();
    command
        .add_option("--stall-timeout", options.stall_timeout_s,
                    "Seconds without a byte, once a streamed reply has started, after which "
                    "the exchange counts as failed and is retried (0: never)")
        ->check(number_between(0, 86400))
        ->capture_default_str();
    command.add_flag("--no-stream", options.no_stream,
                     "Ask for whole replies instead of server-sent events (no live token "
                     "counts, no stall detection)");
    command
        .add_option("--retries", options.retries,
                    "Further attempts after a transient endpoint failure")
        ->check(whole_number(0, 100))
        ->capture_default_str();
    command.add_option("--cache", options.cache,
                       "Reuse LLM replies stored in DIR and store new ones");
    command.add_option("--record", options.record, "Store every LLM reply in DIR");
    command.add_option("--replay", options.replay,
                       "Serve LLM replies only from DIR (no network); a missing one is an error");
}

util::Result<std::vector<llm::EndpointAddress>> resolve_pool(const EndpointOptions& options) {
    if (!options.endpoints.empty()) {
        return parse_addresses(options.endpoints, "--endpoint");
    }
    const auto from_env = AppContext::env("RTLDUET_ENDPOINT");
    auto pool = parse_addresses({from_env.value_or(kDefaultEndpoint)},
                                from_env ? "RTLDUET_ENDPOINT" : "the default endpoint");
    if (pool && pool->empty()) {
        return usage("RTLDUET_ENDPOINT names no endpoint");
    }
    return pool;
}

llm::Endpoint resolve_endpoint(const EndpointOptions& options) {
    llm::Endpoint endpoint;
    const auto pool = resolve_pool(options);
    endpoint.base_url = pool && !pool->empty() ? pool->front().base_url : kDefaultEndpoint;
    endpoint.llm = !options.llm.empty() ? options.llm : AppContext::env("RTLDUET_LLM").value_or("");
    endpoint.api_key =
        !options.api_key.empty() ? options.api_key : AppContext::env("OPENAI_API_KEY").value_or("");
    return endpoint;
}

bool is_endpoint_configured(const EndpointOptions& options) {
    return !options.endpoints.empty() || AppContext::env("RTLDUET_ENDPOINT").has_value();
}

util::Result<LlmSettings> make_llm_settings(const EndpointOptions& options) {
    auto pool = resolve_pool(options);
    if (!pool) {
        return pool.error();
    }
    if (pool->empty()) {
        return usage("--endpoint names no endpoint");
    }
    const llm::Endpoint shared = resolve_endpoint(options);
    auto cache = cache_config(options);
    if (!cache) {
        return cache.error();
    }
    auto rtl = agent_config(options, shared, *pool, options.rtl_endpoints, options.rtl_llm,
                            "--rtl-endpoint");
    if (!rtl) {
        return rtl.error();
    }
    auto model = agent_config(options, shared, *pool, options.model_endpoints, options.model_llm,
                              "--model-endpoint");
    if (!model) {
        return model.error();
    }
    rtl->cache = *cache;
    model->cache = *cache;
    return LlmSettings{
        .rtl = std::move(*rtl), .model = std::move(*model), .max_inflight = options.max_inflight};
}

namespace {

// Asks every server of an agent's pool once: slots for the pool's balancing (unless #slots=N
// gave them), and the smallest context of the pool (a request may go to any member). An agent
// none of whose servers answers stops the command at once, with a hint.
util::Status discover_agent(AppContext& ctx, llm::Transport& transport, llm::ClientConfig& config,
                            std::map<std::string, llm::ServerInfo>& known) {
    std::vector<llm::EndpointAddress> addresses = llm::endpoint_addresses(config);
    std::optional<util::Error> down;
    std::vector<std::string> down_members;  // "URL (why)" of each member that did not answer
    std::optional<int> context;
    bool is_any_up = false;
    for (llm::EndpointAddress& address : addresses) {
        const std::string key = address.base_url + "\n" + config.endpoint.llm;
        if (!known.contains(key)) {
            llm::Endpoint endpoint = config.endpoint;
            endpoint.base_url = address.base_url;
            auto info = llm::discover_server(
                transport, endpoint, {.timeout = kDiscoveryTimeout, .context = config.context});
            if (!info) {
                if (info.error().kind == util::ErrorKind::Interrupted) {
                    return info.error();
                }
                if (addresses.size() > 1) {
                    ctx.log.warn("{}", info.error().message);
                }
                down = down.value_or(info.error());
                const std::string& why = info.error().message;
                const std::size_t colon = why.find(": ");
                down_members.push_back(
                    fmt::format("{} ({})", address.base_url,
                                colon == std::string::npos ? why : why.substr(colon + 2)));
                continue;
            }
            ctx.log.info("endpoint {}: {}", address.base_url, llm::describe(*info));
            known.emplace(key, std::move(*info));
        }
        const llm::ServerInfo& info = known.at(key);
        is_any_up = true;
        address.slots = address.slots ? address.slots : info.slots;
        if (info.context) {
            context = std::min(context.value_or(*info.context), *info.context);
        }
    }
    if (!is_any_up && down) {
        const std::string message =
            addresses.size() < 2 ? down->message
                                 : fmt::format("no endpoint of the pool of {} answered: {}",
                                               addresses.size(), fmt::join(down_members, ", "));
        return util::make_error(util::ErrorKind::Llm, message, std::string("hint: ") + kDownHint);
    }
    config.endpoints = std::move(addresses);
    config.context = context ? context : config.context;
    return {};
}

util::Status discover_endpoints(AppContext& ctx, llm::Transport& transport, LlmSettings& settings) {
    if (settings.rtl.cache.mode == llm::CacheMode::Replay) {
        return {};
    }
    std::map<std::string, llm::ServerInfo> known;
    for (llm::ClientConfig* config : {&settings.rtl, &settings.model}) {
        if (auto discovered = discover_agent(ctx, transport, *config, known); !discovered) {
            return discovered;
        }
    }
    return {};
}

}  // namespace

util::Result<LlmClients> make_llm_clients(AppContext& ctx, const EndpointOptions& options,
                                          llm::RequestObserver* observer) {
    auto settings = make_llm_settings(options);
    if (!settings) {
        return settings.error();
    }
    settings->rtl.observer = observer;
    settings->model.observer = observer;
    LlmClients clients;
    clients.transport = llm::make_curl_transport();
    if (auto discovered = discover_endpoints(ctx, *clients.transport, *settings); !discovered) {
        return discovered.error();
    }
    clients.pool = std::make_unique<llm::EndpointPool>(*clients.transport, ctx.log, ctx.clock);
    std::vector<llm::EndpointAddress> every = llm::endpoint_addresses(settings->rtl);
    for (const llm::EndpointAddress& address : llm::endpoint_addresses(settings->model)) {
        every.push_back(address);
    }
    const int slots = clients.pool->total_slots(clients.pool->add(every));
    clients.limiter =
        std::make_unique<llm::InflightLimiter>(settings->max_inflight.value_or(slots));
    if (clients.pool->size() > 1) {
        ctx.log.info("llm: a pool of {} endpoints with {} slots, at most {} requests in flight",
                     clients.pool->size(), slots, clients.limiter->capacity());
    }
    clients.rtl =
        std::make_unique<llm::ChatClient>(settings->rtl, *clients.transport, *clients.limiter,
                                          *clients.pool, ctx.log, ctx.clock, &ctx.interrupted);
    clients.model =
        std::make_unique<llm::ChatClient>(settings->model, *clients.transport, *clients.limiter,
                                          *clients.pool, ctx.log, ctx.clock, &ctx.interrupted);
    return clients;
}

void log_pool_usage(util::Logger& log, const LlmClients& clients) {
    if (clients.pool->size() < 2) {
        return;
    }
    std::vector<std::string> parts;
    for (const llm::MemberStats& member : clients.pool->stats()) {
        std::string part =
            fmt::format("{} answered {} ({} slots", member.base_url, member.answered, member.slots);
        if (member.ejections > 0) {
            part += fmt::format("; out {}x, last: {}", member.ejections, member.last_failure);
        }
        parts.push_back(part + ")");
    }
    log.info("llm pool: {}", fmt::join(parts, ", "));
}

}  // namespace rtlduet::cli
