// llm/detail/cache.h: the reply cache on disk: one JSON file per key (DIR/<key>.json), written
// atomically so concurrent processes and a crash never leave half a file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "llm/chat_client.h"
#include "llm/detail/wire.h"

namespace rtlduet::llm::detail {

/// What a cache file records about the request, for people reading or writing recordings;
/// a lookup uses the key (the file name) only.
struct CachedRequest {
    const ChatRequest& request;
    const Endpoint& endpoint;
    const Sampling& sampling;
    std::uint64_t seed;
    int sample;
};

std::filesystem::path cache_file(const std::filesystem::path& dir, const std::string& key);

/// The cached reply for `key`, nullopt when there is none; an unreadable or malformed file is
/// an Input error naming it.
util::Result<std::optional<ChatReply>> load_reply(const std::filesystem::path& dir,
                                                  const std::string& key);

util::Status store_reply(const std::filesystem::path& dir, const std::string& key,
                         const CachedRequest& request, const ChatReply& reply);

}  // namespace rtlduet::llm::detail
