// llm/chat_client.cpp: samples and fan-out around the retry loop. A sample is looked up in the
// cache first (llm/chat_cache.cpp), fetched when missing, and stored when the mode says so;
// --replay never reaches the network. The context estimate is llm/chat_context.cpp.
#include "llm/chat_client.h"

#include <algorithm>
#include <random>
#include <thread>

#include <fmt/format.h>

#include "llm/detail/exchange.h"
#include "llm/extract.h"

namespace rtlduet::llm {
namespace {

ChatReply reply_from(const detail::Choice& choice, const detail::Exchange& exchange,
                     const ChatRequest& request, int sample, std::uint64_t seed) {
    return ChatReply{.agent = request.agent,
                     .sample = sample,
                     .seed = seed,
                     .content = choice.content,
                     .reasoning = choice.reasoning,
                     .text = strip_reasoning(choice.content),
                     .finish_reason = choice.finish_reason,
                     .is_truncated = choice.finish_reason == "length",
                     .max_tokens = 0,
                     .served_llm = exchange.reply.served_llm,
                     .usage = exchange.reply.usage,
                     .latency = exchange.latency,
                     .attempts = exchange.attempts};
}

// Seeds the backoff jitter of one request from the machine, not the run seed: concurrent
// requests, and runs with the same seed, must not retry in step.
std::uint64_t request_entropy(const ChatRequest& request, int sample) {
    std::random_device device;
    const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
    return (static_cast<std::uint64_t>(device()) << 32) ^ device() ^
           static_cast<std::uint64_t>(now) ^ std::hash<std::string>{}(request.agent) ^
           static_cast<std::uint64_t>(sample);
}

// Warns that a reply was cut, and by what.
void warn_truncated(util::Logger& log, const ChatReply& reply) {
    if (reply.truncation == Truncation::Context) {
        log.warn(
            "llm {}#{}: reply cut by the slot's context ({} prompt + {} reply tokens), not "
            "by max_tokens {}",
            reply.agent, reply.sample, reply.usage.prompt_tokens, reply.usage.completion_tokens,
            reply.max_tokens);
    } else if (reply.truncation == Truncation::MaxTokens) {
        log.warn("llm {}#{}: reply truncated at max_tokens {}", reply.agent, reply.sample,
                 reply.max_tokens);
    }
}

// The initial guess of tokens per byte of prompt text: code and prose tokenize at about 3 to
// 4 bytes per token, so a third overestimates, which is the safe side.
constexpr double kInitialTokensPerByte = 1.0 / 3.0;

}  // namespace

std::uint64_t wire_seed(std::uint64_t seed) {
    constexpr std::uint64_t kLargest = 2'147'483'647;  // 2^31 - 1
    return seed >= 1 && seed <= kLargest ? seed : 1 + seed % kLargest;
}

std::vector<EndpointAddress> endpoint_addresses(const ClientConfig& config) {
    if (config.endpoints.empty()) {
        return {EndpointAddress{.base_url = config.endpoint.base_url}};
    }
    return config.endpoints;
}

ChatClient::ChatClient(ClientConfig config, Transport& transport, InflightLimiter& limiter,
                       util::Logger& log, const util::Clock& clock, const std::atomic<bool>* cancel)
    : config_(std::move(config)),
      transport_(transport),
      limiter_(limiter),
      own_pool_(std::make_unique<EndpointPool>(transport, log, clock)),
      pool_(*own_pool_),
      members_(pool_.add(endpoint_addresses(config_))),
      log_(log),
      clock_(clock),
      cancel_(cancel),
      tokens_per_byte_(kInitialTokensPerByte) {}

ChatClient::ChatClient(ClientConfig config, Transport& transport, InflightLimiter& limiter,
                       EndpointPool& pool, util::Logger& log, const util::Clock& clock,
                       const std::atomic<bool>* cancel)
    : config_(std::move(config)),
      transport_(transport),
      limiter_(limiter),
      pool_(pool),
      members_(pool.add(endpoint_addresses(config_))),
      log_(log),
      clock_(clock),
      cancel_(cancel),
      tokens_per_byte_(kInitialTokensPerByte) {}

util::Result<ChatReply> ChatClient::complete(const ChatRequest& request) {
    return complete_one(request, request.sample);
}

util::Result<std::vector<ChatReply>> ChatClient::complete_n(const ChatRequest& request, int n) {
    if (config_.fanout == Fanout::Native && n > 1 && !is_native_refused_.load()) {
        auto native = complete_native(request, n);
        if (native || !refuses_native(native.error(), n)) {
            return native;
        }
    }
    std::vector<int> samples;
    for (int i = 0; i < n; ++i) {
        samples.push_back(request.sample + i);
    }
    return fan_out(request, samples);
}

ClientStats ChatClient::stats() const {
    const std::lock_guard lock(mutex_);
    return stats_;
}

util::Result<std::vector<ChatReply>> ChatClient::fan_out(const ChatRequest& request,
                                                         const std::vector<int>& samples) {
    std::vector<std::optional<util::Result<ChatReply>>> results(samples.size());
    if (samples.size() == 1) {
        results[0].emplace(complete_one(request, samples[0]));
    } else {
        std::vector<std::jthread> workers;
        for (std::size_t i = 0; i < samples.size(); ++i) {
            workers.emplace_back([&, i] { results[i].emplace(complete_one(request, samples[i])); });
        }
    }
    std::vector<ChatReply> replies;
    for (auto& result : results) {
        if (!*result) {
            return result->error();
        }
        replies.push_back(std::move(**result));
    }
    return replies;
}

util::Result<ChatReply> ChatClient::complete_one(const ChatRequest& request, int sample) {
    auto cached = lookup(request, sample);
    if (!cached) {
        return cached.error();
    }
    if (cached->has_value()) {
        return std::move(**cached);
    }
    auto fetched = fetch(request, sample, 1);
    if (!fetched) {
        return fetched.error();
    }
    if (auto stored = store(request, fetched->front()); !stored) {
        return stored.error();
    }
    return std::move(fetched->front());
}

util::Result<std::vector<ChatReply>> ChatClient::complete_native(const ChatRequest& request,
                                                                 int n) {
    std::vector<std::optional<ChatReply>> replies(static_cast<std::size_t>(n));
    std::vector<int> missing;
    for (int i = 0; i < n; ++i) {
        auto cached = lookup(request, request.sample + i);
        if (!cached) {
            return cached.error();
        }
        replies[static_cast<std::size_t>(i)] = std::move(*cached);
        if (!replies[static_cast<std::size_t>(i)]) {
            missing.push_back(request.sample + i);
        }
    }
    std::vector<ChatReply> fetched;
    if (!missing.empty()) {
        auto native = fetch(request, missing.front(), static_cast<int>(missing.size()));
        if (!native) {
            return native.error();
        }
        fetched = std::move(*native);
    }
    const std::vector<int> left(missing.begin() + static_cast<std::ptrdiff_t>(fetched.size()),
                                missing.end());
    if (!left.empty()) {
        log_.warn("llm {}: the server returned {} of {} choices; fanning out the rest",
                  request.agent, fetched.size(), missing.size());
        auto rest = fan_out(request, left);
        if (!rest) {
            return rest.error();
        }
        fetched.insert(fetched.end(), rest->begin(), rest->end());
    }
    for (std::size_t i = 0; i < missing.size(); ++i) {
        ChatReply& reply = fetched[i];
        reply.sample = missing[i];
        if (i < missing.size() - left.size()) {
            if (auto stored = store(request, reply); !stored) {
                return stored.error();
            }
        }
        replies[static_cast<std::size_t>(missing[i] - request.sample)] = std::move(reply);
    }
    std::vector<ChatReply> out;
    for (auto& reply : replies) {
        out.push_back(std::move(*reply));
    }
    return out;
}

util::Result<std::vector<ChatReply>> ChatClient::fetch(const ChatRequest& request, int first_sample,
                                                       int n) {
    detail::Sampling sampling = detail::effective_sampling(request, config_.overrides);
    const std::uint64_t seed = request.seed + static_cast<std::uint64_t>(first_sample);
    auto rng = std::make_shared<std::mt19937_64>(request_entropy(request, first_sample));
    const detail::ExchangeContext ctx{
        .transport = transport_,
        .limiter = limiter_,
        .log = log_,
        .clock = clock_,
        .policy = config_.retry,
        .endpoint = config_.endpoint,
        .pool = pool_,
        .members = members_,
        .cancel = cancel_,
        .observer = config_.observer,
        .jitter = [rng](util::Duration base) {
            std::uniform_real_distribution<double> factor(0.5, 1.0);
            return std::chrono::duration_cast<util::Duration>(base * factor(*rng));
        }};
    auto exchange = detail::post_chat(
        ctx, detail::build_body(request, config_.endpoint, sampling, seed, n, config_.stream),
        request.agent, first_sample);
    if (!exchange) {
        return exchange.error();
    }
    int attempts = exchange->attempts;
    int retries = exchange->retries;
    const auto& larger = config_.retry.length_retry_max_tokens;
    if (n == 1 && !exchange->overflow &&
        exchange->reply.choices.front().finish_reason == "length" && larger &&
        *larger > sampling.max_tokens) {
        log_.warn("llm {}#{}: reply cut at max_tokens {}; asking once more with {}", request.agent,
                  first_sample, sampling.max_tokens, *larger);
        sampling.max_tokens = *larger;
        exchange = detail::post_chat(
            ctx, detail::build_body(request, config_.endpoint, sampling, seed, 1, config_.stream),
            request.agent, first_sample);
        if (!exchange) {
            return exchange.error();
        }
        attempts += exchange->attempts;
        retries += exchange->retries;
    }
    if (exchange->overflow) {
        ChatReply refused{.agent = request.agent,
                          .sample = first_sample,
                          .seed = seed,
                          .max_tokens = sampling.max_tokens,
                          .attempts = attempts,
                          .overflow = exchange->overflow};
        learn(request.messages, refused);
        account(refused, attempts, retries);
        return std::vector<ChatReply>(static_cast<std::size_t>(n), refused);
    }
    std::vector<ChatReply> replies;
    const std::size_t count = std::min(exchange->reply.choices.size(), static_cast<std::size_t>(n));
    for (std::size_t i = 0; i < count; ++i) {
        ChatReply reply = reply_from(exchange->reply.choices[i], *exchange, request,
                                     first_sample + static_cast<int>(i), seed);
        reply.attempts = attempts;
        reply.endpoint = exchange->endpoint;
        reply.max_tokens = sampling.max_tokens;
        if (i == 0) {
            learn(request.messages, reply);
        }
        mark_truncation(reply);
        warn_truncated(log_, reply);
        log_.debug("llm {}#{}: {} completion tokens in {:.1f} s: {}", request.agent, reply.sample,
                   reply.usage.completion_tokens, util::to_seconds(reply.latency),
                   util::truncate_for_log(reply.content));
        account(reply, i == 0 ? attempts : 0, i == 0 ? retries : 0);
        replies.push_back(std::move(reply));
    }
    return replies;
}

bool ChatClient::refuses_native(const util::Error& error, int n) {
    const std::string& text = error.message;
    const bool is_about_n = text.find("Field 'n'") != std::string::npos ||
                            text.find("'n'") != std::string::npos ||
                            text.find("\"n\"") != std::string::npos;
    if (error.kind != util::ErrorKind::Llm || !is_about_n) {
        return false;
    }
    if (!is_native_refused_.exchange(true)) {
        log_.warn(
            "llm: the server refuses n={} ({}); sending one request per sample for the "
            "rest of the run",
            n, text);
    }
    return true;
}

void ChatClient::account(const ChatReply& reply, int exchanges, int retries) {
    const std::lock_guard lock(mutex_);
    ++stats_.replies;
    stats_.cache_hits += reply.is_from_cache ? 1 : 0;
    stats_.exchanges += exchanges;
    stats_.retries += retries;
    stats_.truncated += reply.is_truncated ? 1 : 0;
    stats_.prompt_tokens += reply.usage.prompt_tokens;
    stats_.completion_tokens += reply.usage.completion_tokens;
    stats_.latency += reply.latency;
}

util::Result<std::vector<std::string>> list_models(Transport& transport, const Endpoint& endpoint,
                                                   util::Duration timeout) {
    HttpRequest request{.method = "GET",
                        .url = detail::endpoint_url(endpoint.base_url, "models"),
                        .connect_timeout = timeout,
                        .timeout = timeout};
    if (!endpoint.api_key.empty()) {
        request.headers.emplace_back("Authorization", "Bearer " + endpoint.api_key);
    }
    const HttpResponse response = transport.send(request);
    if (response.failure != NetFailure::None) {
        return util::make_error(util::ErrorKind::Llm,
                                fmt::format("{}: {}", request.url, response.error));
    }
    if (response.status != 200) {
        return util::make_error(util::ErrorKind::Llm,
                                fmt::format("{}: HTTP {}: {}", request.url, response.status,
                                            detail::server_message(response.body)));
    }
    return detail::parse_model_list(response.body);
}

}  // namespace rtlduet::llm
