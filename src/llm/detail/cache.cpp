// llm/detail/cache.cpp: reading and writing cache files. Only "reply.content" is required in
// a file, so a recording can be written or edited by hand; everything else has a default.
#include "llm/detail/cache.h"

#include <system_error>

#include <nlohmann/json.hpp>

#include "llm/extract.h"
#include "util/files.h"

namespace rtlduet::llm::detail {
namespace {

using nlohmann::json;

template <typename T>
T value_or(const json& object, const char* name, T fallback) {
    const auto it = object.find(name);
    if (it == object.end() || it->is_null()) {
        return fallback;
    }
    return it->get<T>();
}

json request_json(const CachedRequest& cached) {
    json messages = json::array();
    for (const Message& message : cached.request.messages) {
        messages.push_back({{"role", message.role}, {"content", message.content}});
    }
    json request = {{"temperature", cached.sampling.temperature},
                    {"max_tokens", cached.sampling.max_tokens},
                    {"seed", cached.seed},
                    {"messages", std::move(messages)}};
    if (cached.sampling.top_p) {
        request["top_p"] = *cached.sampling.top_p;
    }
    if (cached.sampling.top_k) {
        request["top_k"] = *cached.sampling.top_k;
    }
    if (cached.sampling.min_p) {
        request["min_p"] = *cached.sampling.min_p;
    }
    if (!cached.sampling.stop.empty()) {
        request["stop"] = cached.sampling.stop;
    }
    return request;
}

json reply_json(const ChatReply& reply) {
    return {{"content", reply.content},
            {"reasoning", reply.reasoning},
            {"finish_reason", reply.finish_reason},
            {"truncated", reply.is_truncated},
            {"served_llm", reply.served_llm},
            {"usage",
             {{"prompt_tokens", reply.usage.prompt_tokens},
              {"completion_tokens", reply.usage.completion_tokens},
              {"total_tokens", reply.usage.total_tokens}}}};
}

ChatReply reply_from(const json& file, const std::string& key) {
    const json& reply = file.at("reply");
    ChatReply out;
    out.agent = value_or<std::string>(file, "agent", "");
    out.sample = value_or<int>(file, "sample", 0);
    out.seed = value_or<std::uint64_t>(file, "seed", 0);
    out.content = reply.at("content").get<std::string>();
    out.reasoning = value_or<std::string>(reply, "reasoning", "");
    out.text = strip_reasoning(out.content);
    out.finish_reason = value_or<std::string>(reply, "finish_reason", "stop");
    out.is_truncated = value_or<bool>(reply, "truncated", out.finish_reason == "length");
    out.served_llm = value_or<std::string>(reply, "served_llm", "");
    if (const auto usage = reply.find("usage"); usage != reply.end() && usage->is_object()) {
        out.usage = {.is_reported = true,
                     .prompt_tokens = value_or<int>(*usage, "prompt_tokens", 0),
                     .completion_tokens = value_or<int>(*usage, "completion_tokens", 0),
                     .total_tokens = value_or<int>(*usage, "total_tokens", 0)};
    }
    out.is_from_cache = true;
    out.cache_key = key;
    return out;
}

}  // namespace

std::filesystem::path cache_file(const std::filesystem::path& dir, const std::string& key) {
    return dir / (key + ".json");
}

util::Result<std::optional<ChatReply>> load_reply(const std::filesystem::path& dir,
                                                  const std::string& key) {
    const std::filesystem::path path = cache_file(dir, key);
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error)) {
        return std::optional<ChatReply>();
    }
    auto text = util::read_file(path, util::ErrorKind::Input);
    if (!text) {
        return text.error();
    }
    const json file = json::parse(*text, nullptr, false);
    const auto reply = file.is_object() ? file.find("reply") : file.end();
    const bool is_valid = !file.is_discarded() && file.is_object() && reply != file.end() &&
                          reply->is_object() && reply->contains("content") &&
                          reply->at("content").is_string();
    if (!is_valid) {
        return util::make_error(util::ErrorKind::Input,
                                path.string() +
                                    ": not a cached reply (needs {\"reply\": "
                                    "{\"content\": \"...\"}})");
    }
    try {
        return std::optional<ChatReply>(reply_from(file, key));
    } catch (const json::exception& e) {
        return util::make_error(util::ErrorKind::Input,
                                path.string() + ": a field has the wrong type", e.what());
    }
}

util::Status store_reply(const std::filesystem::path& dir, const std::string& key,
                         const CachedRequest& cached, const ChatReply& reply) {
    const json file = {{"key", key},
                       {"agent", cached.request.agent},
                       {"sample", cached.sample},
                       {"llm", cached.endpoint.llm},
                       {"seed", cached.seed},
                       {"request", request_json(cached)},
                       {"reply", reply_json(reply)}};
    return util::write_file_atomic(cache_file(dir, key),
                                   file.dump(2, ' ', false, json::error_handler_t::replace) + "\n");
}

}  // namespace rtlduet::llm::detail
