// The reply cache: key properties, --cache reuse, --record, --replay (hits, misses, and a
// recording written by hand), all over a fake transport.
#include <filesystem>

#include <doctest/doctest.h>

#include "llm/chat_client.h"
#include "unit/llm/fakes.h"
#include "util/files.h"
#include "util/temp_dir.h"

using namespace rtlduet::llm;
using namespace rtlduet::llm::testing;
using rtlduet::util::ErrorKind;

namespace {

ChatRequest request(int sample = 0) {
    return {.agent = "model",
            .messages = {{"user", "A counter."}},
            .sample = sample,
            .temperature = 0.7,
            .max_tokens = 50,
            .seed = 3};
}

struct Cached {
    Cached(CacheMode mode, const std::filesystem::path& dir, std::vector<HttpResponse> replies)
        : transport(std::move(replies)),
          client(ClientConfig{.endpoint = {.base_url = "http://127.0.0.1:9/v1", .llm = "qwen"},
                              .cache = {.mode = mode, .dir = dir}},
                 transport, limiter, log, clock) {}

    FakeTransport transport;
    InflightLimiter limiter{2};
    rtlduet::util::Logger log{rtlduet::util::LogLevel::Silent};
    FakeClock clock;
    ChatClient client;
};

std::size_t files_in(const std::filesystem::path& dir) {
    std::size_t count = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) {
        ++count;
    }
    return count;
}

}  // namespace

TEST_SUITE("llm.cache") {
    TEST_CASE("the key covers llm, messages, sampling and sample but not the URL or API key") {
        ClientConfig config{.endpoint = {.base_url = "http://a/v1", .llm = "qwen", .api_key = "x"}};
        const std::string key = cache_key(request(), config, 0);
        CHECK(key.size() == 64);
        ClientConfig moved = config;
        moved.endpoint.base_url = "http://b:1/v1";
        moved.endpoint.api_key = "other";
        CHECK(cache_key(request(), moved, 0) == key);
        CHECK(cache_key(request(), config, 1) != key);
        ClientConfig other_llm = config;
        other_llm.endpoint.llm = "llama";
        CHECK(cache_key(request(), other_llm, 0) != key);
        ChatRequest warmer = request();
        warmer.temperature = 0.9;
        CHECK(cache_key(warmer, config, 0) != key);
        ChatRequest other_agent = request();
        other_agent.agent = "rtl";
        CHECK(cache_key(other_agent, config, 0) != key);
        ChatRequest longer = request();
        longer.messages.push_back({"assistant", ""});
        CHECK(cache_key(longer, config, 0) != key);
        ClientConfig overridden = config;
        overridden.overrides.max_tokens = 99;
        CHECK(cache_key(request(), overridden, 0) != key);
    }

    TEST_CASE("--cache serves a second identical request without the network") {
        auto dir = rtlduet::util::TempDir::create("llm-cache-");
        REQUIRE(dir);
        Cached cached(CacheMode::Reuse, dir->path(), {ok_reply("class TopModule: pass")});
        auto first = cached.client.complete(request());
        REQUIRE(first);
        CHECK_FALSE(first->is_from_cache);
        auto second = cached.client.complete(request());
        REQUIRE(second);
        CHECK(second->is_from_cache);
        CHECK(second->content == first->content);
        CHECK(second->cache_key == first->cache_key);
        CHECK(second->usage.completion_tokens == 7);
        CHECK(cached.transport.requests().size() == 1);
        CHECK(cached.client.stats().cache_hits == 1);
        CHECK(files_in(dir->path()) == 1);
    }

    TEST_CASE("--record always asks the endpoint and --replay serves the recording offline") {
        auto dir = rtlduet::util::TempDir::create("llm-record-");
        REQUIRE(dir);
        Cached recording(CacheMode::Record, dir->path(), {ok_reply("<think>x</think>code")});
        REQUIRE(recording.client.complete_n(request(), 2));
        REQUIRE(recording.client.complete_n(request(), 2));
        CHECK(recording.transport.requests().size() == 4);
        CHECK(files_in(dir->path()) == 2);

        Cached replay(CacheMode::Replay, dir->path(), {});
        auto replies = replay.client.complete_n(request(), 2);
        REQUIRE(replies);
        CHECK(replay.transport.requests().empty());
        CHECK((*replies)[1].text == "code");
        CHECK((*replies)[1].sample == 1);
        CHECK((*replies)[1].cache_key == cache_key(request(), replay.client.config(), 1));
    }

    TEST_CASE("a replay miss is an input error naming the key, agent and sample") {
        auto dir = rtlduet::util::TempDir::create("llm-replay-");
        REQUIRE(dir);
        Cached replay(CacheMode::Replay, dir->path(), {ok_reply("never")});
        auto reply = replay.client.complete(request(4));
        REQUIRE_FALSE(reply);
        CHECK(reply.error().kind == ErrorKind::Input);
        const std::string key = cache_key(request(4), replay.client.config(), 4);
        CHECK(reply.error().message.find(key) != std::string::npos);
        CHECK(reply.error().message.find("agent model") != std::string::npos);
        CHECK(reply.error().message.find("sample 4") != std::string::npos);
        CHECK(replay.transport.requests().empty());
    }

    TEST_CASE("a hand-written recording needs only reply.content") {
        auto dir = rtlduet::util::TempDir::create("llm-hand-");
        REQUIRE(dir);
        Cached replay(CacheMode::Replay, dir->path(), {});
        const std::string key = cache_key(request(), replay.client.config(), 0);
        REQUIRE(rtlduet::util::write_file(dir->path() / (key + ".json"),
                                          R"({"reply": {"content": "hand written"}})"));
        auto reply = replay.client.complete(request());
        REQUIRE(reply);
        CHECK(reply->text == "hand written");
        CHECK(reply->finish_reason == "stop");
        CHECK_FALSE(reply->is_truncated);
    }

    TEST_CASE("a malformed cache file is an input error naming the file") {
        auto dir = rtlduet::util::TempDir::create("llm-bad-");
        REQUIRE(dir);
        Cached reuse(CacheMode::Reuse, dir->path(), {ok_reply("x")});
        const std::string key = cache_key(request(), reuse.client.config(), 0);
        REQUIRE(rtlduet::util::write_file(dir->path() / (key + ".json"), R"({"reply": 3})"));
        auto reply = reuse.client.complete(request());
        REQUIRE_FALSE(reply);
        CHECK(reply.error().kind == ErrorKind::Input);
        CHECK(reply.error().message.find(key + ".json") != std::string::npos);
    }
}
