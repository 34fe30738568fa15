// fake_llm/loopback.h: test fixture: a FakeLlmServer with a script, the real libcurl transport,
// a shared in-flight limiter, and ChatClients configured for short timeouts and backoff.
#pragma once

#include <memory>
#include <string>

#include <doctest/doctest.h>

#include "fake_llm/fake_llm_server.h"
#include "llm/chat_client.h"

namespace rtlduet::fake_llm::testing {

inline llm::ChatRequest chat(std::string agent, std::string text = "Write it.") {
    return {.agent = std::move(agent),
            .messages = {{"system", "You are terse."}, {"user", std::move(text)}},
            .temperature = 0.5,
            .max_tokens = 200,
            .seed = 100};
}

struct Loopback {
    explicit Loopback(const std::string& script, ServerOptions options = {}, int max_inflight = 4)
        : server(std::move(options)), limiter(max_inflight) {
        REQUIRE(server.load_script(script));
        REQUIRE(server.start());
    }

    llm::ClientConfig config() const {
        llm::ClientConfig config;
        config.endpoint = {.base_url = server.base_url(), .llm = "fake-llm", .api_key = "test-key"};
        config.retry.retries = 2;
        config.retry.initial_backoff = std::chrono::milliseconds(20);
        config.retry.connect_timeout = std::chrono::milliseconds(500);
        config.retry.request_timeout = std::chrono::milliseconds(600);
        config.retry.total_budget = std::chrono::seconds(10);
        return config;
    }

    std::unique_ptr<llm::ChatClient> client() { return client(config()); }
    std::unique_ptr<llm::ChatClient> client(llm::ClientConfig config) {
        return std::make_unique<llm::ChatClient>(std::move(config), *transport, limiter, log,
                                                 clock);
    }

    FakeLlmServer server;
    std::unique_ptr<llm::Transport> transport = llm::make_curl_transport();
    llm::InflightLimiter limiter;
    util::Logger log{util::LogLevel::Silent};
    util::SystemClock clock;
};

}  // namespace rtlduet::fake_llm::testing
