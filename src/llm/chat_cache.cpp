// llm/chat_cache.cpp: the reply cache around ChatClient's requests: a sample's key (everything
// the reply depends on), its lookup before any request (--replay fails when it is missing) and
// its store after one, as the cache mode says.
#include <fmt/format.h>

#include "llm/chat_client.h"
#include "llm/detail/cache.h"
#include "util/hash.h"

namespace rtlduet::llm {
namespace {

bool reads_cache(CacheMode mode) {
    return mode == CacheMode::Reuse || mode == CacheMode::Replay;
}

bool writes_cache(CacheMode mode) {
    return mode == CacheMode::Reuse || mode == CacheMode::Record;
}

}  // namespace

std::string cache_key(const ChatRequest& request, const ClientConfig& config, int sample) {
    // Keyed on max_tokens before the context's cap: a replay has no server to say the context,
    // and must find what a recording against one stored.
    ChatRequest uncapped = request;
    uncapped.max_tokens_cap.reset();
    const detail::Sampling sampling = detail::effective_sampling(uncapped, config.overrides);
    util::Sha256 hash;
    hash.field("rtlduet-chat-v1").field(request.agent).field(config.endpoint.llm);
    hash.field(std::to_string(request.messages.size()));
    for (const Message& message : request.messages) {
        hash.field(message.role).field(message.content);
    }
    hash.field(fmt::format("{:.6g}", sampling.temperature))
        .field(sampling.top_p ? fmt::format("{:.6g}", *sampling.top_p) : "-")
        .field(std::to_string(sampling.max_tokens))
        .field(std::to_string(request.seed + static_cast<std::uint64_t>(sample)))
        .field(std::to_string(sample));
    // Only when an agent sets them, so the keys of recordings made without them still hold.
    if (sampling.top_k || sampling.min_p || !sampling.stop.empty()) {
        hash.field(sampling.top_k ? std::to_string(*sampling.top_k) : "-")
            .field(sampling.min_p ? fmt::format("{:.6g}", *sampling.min_p) : "-")
            .field(std::to_string(sampling.stop.size()));
        for (const std::string& stop : sampling.stop) {
            hash.field(stop);
        }
    }
    return hash.hex_digest();
}

util::Result<std::optional<ChatReply>> ChatClient::lookup(const ChatRequest& request, int sample) {
    const CacheConfig& cache = config_.cache;
    if (!reads_cache(cache.mode)) {
        return std::optional<ChatReply>();
    }
    const std::string key = cache_key(request, config_, sample);
    auto cached = detail::load_reply(cache.dir, key);
    if (!cached) {
        return cached.error();
    }
    if (cached->has_value()) {
        ChatReply& reply = **cached;
        reply.agent = request.agent;
        reply.sample = sample;
        log_.debug("llm {}#{}: cache hit {}", request.agent, sample, key);
        account(reply, 0, 0);
        return cached;
    }
    if (cache.mode == CacheMode::Replay) {
        return util::make_error(
            util::ErrorKind::Input,
            fmt::format(
                "replay: no recorded reply for key {} (agent {}, sample {}, llm '{}') in {}", key,
                request.agent, sample, config_.endpoint.llm, cache.dir.string()),
            "expected file: " + detail::cache_file(cache.dir, key).string());
    }
    return std::optional<ChatReply>();
}

util::Status ChatClient::store(const ChatRequest& request, ChatReply& reply) {
    reply.cache_key = cache_key(request, config_, reply.sample);
    if (!writes_cache(config_.cache.mode) || reply.overflow) {
        return {};
    }
    const detail::Sampling sampling = detail::effective_sampling(request, config_.overrides);
    const detail::CachedRequest what{request, config_.endpoint, sampling,
                                     request.seed + static_cast<std::uint64_t>(reply.sample),
                                     reply.sample};
    if (auto stored = detail::store_reply(config_.cache.dir, reply.cache_key, what, reply);
        !stored) {
        return stored.error().with_context("cannot store an llm reply");
    }
    return {};
}

}  // namespace rtlduet::llm
