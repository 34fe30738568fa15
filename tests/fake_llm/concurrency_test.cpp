// The global in-flight cap, server-side slots, and record/replay over loopback: the cap is
// proven by the fake server's count of requests open at once, replay by a run with no server.
#include <thread>

#include <doctest/doctest.h>

#include "fake_llm/loopback.h"
#include "util/temp_dir.h"

using namespace rtlduet;
using namespace rtlduet::fake_llm::testing;
using namespace std::chrono_literals;

namespace {

constexpr const char* kSlowScript = R"({"rules":[{"replies":[{"content":"x","delay_ms":60}]}]})";

// Two agents on two clients, eight samples each, all at once.
void run_two_agents(Loopback& loop) {
    auto rtl = loop.client();
    auto model = loop.client();
    std::jthread first([&] { CHECK(rtl->complete_n(chat("rtl"), 8)); });
    std::jthread second([&] { CHECK(model->complete_n(chat("model"), 8)); });
}

// Counts exchanges, to show a replay never reaches the transport.
class CountingTransport final : public llm::Transport {
public:
    explicit CountingTransport(llm::Transport& inner) : inner_(inner) {}
    llm::HttpResponse send(const llm::HttpRequest& request) override {
        ++sent;
        return inner_.send(request);
    }
    std::atomic<int> sent{0};

private:
    llm::Transport& inner_;
};

}  // namespace

TEST_SUITE("llm.loopback") {
    TEST_CASE("the in-flight cap holds across agents and clients") {
        Loopback loop(kSlowScript, {}, 3);
        run_two_agents(loop);
        CHECK(loop.server.chat_requests().size() == 16);
        CHECK(loop.server.max_concurrent() == 3);
        CHECK(loop.limiter.peak() == 3);
    }

    TEST_CASE("without a tight cap the server sees more requests at once") {
        Loopback loop(kSlowScript, {}, 16);
        run_two_agents(loop);
        CHECK(loop.server.max_concurrent() > 3);
    }

    TEST_CASE("server slots queue requests like llama-server's --parallel") {
        Loopback loop(R"({"rules":[{"replies":[{"content":"x","delay_ms":80}]}]})", {.slots = 1},
                      4);
        const auto start = std::chrono::steady_clock::now();
        REQUIRE(loop.client()->complete_n(chat("rtl"), 4));
        CHECK(std::chrono::steady_clock::now() - start >= 320ms);
        CHECK(loop.server.max_concurrent() == 4);
    }

    TEST_CASE("a recorded run replays with no server, making the same requests") {
        auto dir = util::TempDir::create("llm-replay-");
        REQUIRE(dir);
        std::vector<std::string> recorded_keys;
        std::vector<std::string> recorded_texts;
        llm::ClientConfig config;
        {
            Loopback loop(R"({"rules":[{"agent":"rtl","replies":[{"content":"r{seed}"}]},
                                       {"agent":"model","replies":[{"content":"m{seed}"}]}]})");
            config = loop.config();
            config.cache = {.mode = llm::CacheMode::Record, .dir = dir->path()};
            auto client = loop.client(config);
            for (const char* agent : {"rtl", "model"}) {
                auto replies = client->complete_n(chat(agent), 3);
                REQUIRE(replies);
                for (const auto& reply : *replies) {
                    recorded_keys.push_back(reply.cache_key);
                    recorded_texts.push_back(reply.text);
                }
            }
            CHECK(loop.server.chat_requests().size() == 6);
        }
        // The server is gone: the port refuses connections now.
        auto transport = llm::make_curl_transport();
        CountingTransport counting(*transport);
        llm::InflightLimiter limiter(4);
        util::Logger log(util::LogLevel::Silent);
        util::SystemClock clock;
        config.cache.mode = llm::CacheMode::Replay;
        llm::ChatClient replay(config, counting, limiter, log, clock);
        std::vector<std::string> replayed_keys;
        std::vector<std::string> replayed_texts;
        for (const char* agent : {"rtl", "model"}) {
            auto replies = replay.complete_n(chat(agent), 3);
            REQUIRE(replies);
            for (const auto& reply : *replies) {
                CHECK(reply.is_from_cache);
                replayed_keys.push_back(reply.cache_key);
                replayed_texts.push_back(reply.text);
            }
        }
        CHECK(replayed_keys == recorded_keys);
        CHECK(replayed_texts == recorded_texts);
        CHECK(recorded_texts[4] == "m101");
        CHECK(counting.sent == 0);
        auto miss = replay.complete(chat("rtl", "something new"));
        REQUIRE_FALSE(miss);
        CHECK(miss.error().kind == util::ErrorKind::Input);
        CHECK(counting.sent == 0);
    }
}
