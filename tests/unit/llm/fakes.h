// Test doubles for the llm library: a clock that only moves when slept on, and a transport
// that answers from a list of canned responses and records what was sent.
#pragma once

#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "llm/transport.h"
#include "util/clock.h"

namespace rtlduet::llm::testing {

class FakeClock final : public util::Clock {
public:
    util::TimePoint now() const override {
        const std::lock_guard lock(mutex_);
        return now_;
    }
    void sleep_for(util::Duration duration) const override {
        const std::lock_guard lock(mutex_);
        now_ += duration;
        slept_ += duration;
    }
    util::Duration slept() const {
        const std::lock_guard lock(mutex_);
        return slept_;
    }

private:
    mutable std::mutex mutex_;
    mutable util::TimePoint now_{};
    mutable util::Duration slept_{};
};

inline HttpResponse ok_reply(const std::string& content, const std::string& finish = "stop") {
    const nlohmann::json body = {
        {"model", "served.gguf"},
        {"choices",
         {{{"index", 0},
           {"finish_reason", finish},
           {"message", {{"role", "assistant"}, {"content", content}}}}}},
        {"usage", {{"prompt_tokens", 11}, {"completion_tokens", 7}, {"total_tokens", 18}}}};
    return {.status = 200, .body = body.dump()};
}

inline HttpResponse status_reply(int status, const std::string& message = "nope") {
    const nlohmann::json body = {{"error", {{"code", status}, {"message", message}}}};
    return {.status = status, .body = body.dump()};
}

/// Answers with `responses` in order (the last one repeats), or from `handler` when set.
class FakeTransport final : public Transport {
public:
    FakeTransport() = default;
    explicit FakeTransport(std::vector<HttpResponse> responses)
        : responses_(responses.begin(), responses.end()) {}

    std::function<HttpResponse(const HttpRequest&)> handler;

    HttpResponse send(const HttpRequest& request) override {
        {
            const std::lock_guard lock(mutex_);
            requests_.push_back(request);
        }
        if (handler) {
            return handler(request);
        }
        const std::lock_guard lock(mutex_);
        if (responses_.empty()) {
            return {.failure = NetFailure::Connect, .error = "no canned response"};
        }
        HttpResponse response = responses_.front();
        if (responses_.size() > 1) {
            responses_.pop_front();
        }
        return response;
    }

    std::vector<HttpRequest> requests() const {
        const std::lock_guard lock(mutex_);
        return requests_;
    }
    nlohmann::json body(std::size_t i) const {
        return nlohmann::json::parse(requests().at(i).body);
    }

private:
    mutable std::mutex mutex_;
    std::deque<HttpResponse> responses_;
    std::vector<HttpRequest> requests_;
};

inline std::string header(const HttpRequest& request, const std::string& name) {
    for (const auto& [key, value] : request.headers) {
        if (key == name) {
            return value;
        }
    }
    return "";
}

}  // namespace rtlduet::llm::testing
