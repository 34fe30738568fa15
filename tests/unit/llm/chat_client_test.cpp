// ChatClient over a fake transport and a fake clock: request bodies, retries and backoff,
// errors that must not be retried, truncation, reasoning, fan-out and accounting.
#include "llm/chat_client.h"

#include <set>
#include <thread>

#include <doctest/doctest.h>

#include "unit/llm/fakes.h"

using namespace rtlduet::llm;
using namespace rtlduet::llm::testing;
using namespace std::chrono_literals;

namespace {

struct Harness {
    explicit Harness(std::vector<HttpResponse> responses, ClientConfig config = {})
        : transport(std::move(responses)),
          client(configure(std::move(config)), transport, limiter, log, clock) {}

    static ClientConfig configure(ClientConfig config) {
        config.endpoint = {.base_url = "http://127.0.0.1:9/v1/", .llm = "qwen", .api_key = "k"};
        return config;
    }

    FakeTransport transport;
    InflightLimiter limiter{4};
    rtlduet::util::Logger log{rtlduet::util::LogLevel::Silent};
    FakeClock clock;
    ChatClient client;
};

ChatRequest request(std::string agent = "rtl") {
    return {.agent = std::move(agent),
            .messages = {{"system", "You write Verilog."}, {"user", "An AND gate."}},
            .temperature = 0.5,
            .max_tokens = 100,
            .seed = 10};
}

}  // namespace

TEST_SUITE("llm.chat_client") {
    TEST_CASE("a request carries model, messages, max_tokens, temperature, seed and headers") {
        Harness h({ok_reply("module TopModule; endmodule")});
        auto reply = h.client.complete(request());
        REQUIRE(reply);
        const auto body = h.transport.body(0);
        CHECK(body["model"] == "qwen");
        CHECK(body["max_tokens"] == 100);
        CHECK(body["temperature"] == 0.5);
        CHECK(body["seed"] == 10);
        CHECK_FALSE(body.contains("top_p"));
        CHECK_FALSE(body.contains("n"));
        CHECK(body["messages"][1]["content"] == "An AND gate.");
        const HttpRequest sent = h.transport.requests().at(0);
        CHECK(sent.url == "http://127.0.0.1:9/v1/chat/completions");
        CHECK(header(sent, "Authorization") == "Bearer k");
        CHECK(header(sent, "X-Rtlduet-Agent") == "rtl");
        CHECK(header(sent, "X-Rtlduet-Sample") == "0");
        CHECK(reply->text == "module TopModule; endmodule");
        CHECK(reply->usage.is_reported);
        CHECK(reply->usage.completion_tokens == 7);
        CHECK(reply->served_llm == "served.gguf");
        CHECK(reply->attempts == 1);
    }

    TEST_CASE("command-line sampling overrides win over the agent's own and top_p is sent") {
        ClientConfig config;
        config.overrides = {.temperature = 0.0, .top_p = 0.9, .max_tokens = 64};
        Harness h({ok_reply("x")}, config);
        REQUIRE(h.client.complete(request()));
        const auto body = h.transport.body(0);
        CHECK(body["temperature"] == 0.0);
        CHECK(body["top_p"] == 0.9);
        CHECK(body["max_tokens"] == 64);
    }

    TEST_CASE("retries a 503 reply with backoff and gives up after the attempt budget") {
        ClientConfig config;
        config.retry.retries = 3;
        Harness h({status_reply(503, "loading model")}, config);
        auto reply = h.client.complete(request());
        REQUIRE_FALSE(reply);
        CHECK(reply.error().kind == rtlduet::util::ErrorKind::Llm);
        CHECK(reply.error().message.find("4 attempt") != std::string::npos);
        CHECK(reply.error().message.find("loading model") != std::string::npos);
        CHECK(h.transport.requests().size() == 4);
        // Backoff 1 s, 2 s, 4 s, each with jitter in [0.5, 1].
        CHECK(h.clock.slept() >= 3500ms);
        CHECK(h.clock.slept() <= 7s);
    }

    TEST_CASE("a 429 with Retry-After waits exactly that long before the next attempt") {
        HttpResponse busy = status_reply(429, "busy");
        busy.retry_after = "7";
        Harness h({busy, ok_reply("fine")});
        auto reply = h.client.complete(request());
        REQUIRE(reply);
        CHECK(reply->attempts == 2);
        CHECK(h.clock.slept() == 7s);
        CHECK(h.client.stats().retries == 1);
        CHECK(h.client.stats().exchanges == 2);
    }

    TEST_CASE("400, 401, 404 and 422 fail at once and name the model and the endpoint") {
        for (int status : {400, 401, 404, 422}) {
            Harness h({status_reply(status, "bad thing"), ok_reply("never")});
            auto reply = h.client.complete(request());
            REQUIRE_FALSE(reply);
            CHECK(h.transport.requests().size() == 1);
            CHECK(reply.error().kind == rtlduet::util::ErrorKind::Llm);
            CHECK(reply.error().message.find("qwen") != std::string::npos);
            CHECK(reply.error().message.find("http://127.0.0.1:9/v1") != std::string::npos);
            CHECK(reply.error().message.find(std::to_string(status)) != std::string::npos);
            CHECK(reply.error().message.find("bad thing") != std::string::npos);
        }
    }

    TEST_CASE("a 200 whose body is an error object, not JSON or without choices is retried") {
        const HttpResponse error_body{.status = 200, .body = R"({"error":{"message":"oom"}})"};
        const HttpResponse not_json{.status = 200, .body = R"({"choices":[{"mess)"};
        const HttpResponse no_choices{.status = 200, .body = R"({"choices":[]})"};
        Harness h({error_body, not_json, no_choices, ok_reply("ok")});
        auto reply = h.client.complete(request());
        REQUIRE(reply);
        CHECK(reply->attempts == 4);
        Harness failing({error_body});
        auto failed = failing.client.complete(request());
        REQUIRE_FALSE(failed);
        CHECK(failed.error().message.find("oom") != std::string::npos);
    }

    TEST_CASE("connect errors, dropped connections and timeouts are retried; a bad URL is not") {
        Harness h({{.failure = NetFailure::Connect, .error = "refused"},
                   {.failure = NetFailure::Dropped, .error = "reset"},
                   {.failure = NetFailure::Timeout, .error = "timed out"},
                   ok_reply("ok")});
        REQUIRE(h.client.complete(request()));
        CHECK(h.transport.requests().size() == 4);
        Harness bad({{.failure = NetFailure::Other, .error = "unsupported protocol"}});
        REQUIRE_FALSE(bad.client.complete(request()));
        CHECK(bad.transport.requests().size() == 1);
    }

    TEST_CASE("the total budget stops retrying before the attempt budget") {
        ClientConfig config;
        config.retry.retries = 10;
        config.retry.total_budget = 5s;
        HttpResponse busy = status_reply(503);
        busy.retry_after = "2";
        Harness h({busy}, config);
        auto reply = h.client.complete(request());
        REQUIRE_FALSE(reply);
        CHECK(h.transport.requests().size() == 3);
        CHECK(reply.error().message.find("budget") != std::string::npos);
    }

    TEST_CASE("the per-exchange timeout is the smaller of request timeout and budget left") {
        ClientConfig config;
        config.retry.request_timeout = 60s;
        config.retry.total_budget = 20s;
        Harness h({ok_reply("x")}, config);
        REQUIRE(h.client.complete(request()));
        CHECK(h.transport.requests().at(0).timeout == 20s);
    }

    TEST_CASE("a reply cut by max_tokens is marked truncated") {
        Harness h({ok_reply("module TopModule(", "length")});
        auto reply = h.client.complete(request());
        REQUIRE(reply);
        CHECK(reply->is_truncated);
        CHECK(reply->finish_reason == "length");
        CHECK(h.client.stats().truncated == 1);
    }

    TEST_CASE("a cut reply is asked once more with the larger max_tokens when configured") {
        ClientConfig config;
        config.retry.length_retry_max_tokens = 1000;
        Harness h({ok_reply("cut", "length"), ok_reply("whole")}, config);
        auto reply = h.client.complete(request());
        REQUIRE(reply);
        CHECK_FALSE(reply->is_truncated);
        CHECK(reply->text == "whole");
        CHECK(h.transport.body(1)["max_tokens"] == 1000);
        CHECK(reply->attempts == 2);
    }

    TEST_CASE("reasoning fields and think blocks are kept but not in the text to parse") {
        const nlohmann::json body = {
            {"choices",
             {{{"index", 0},
               {"finish_reason", "stop"},
               {"message",
                {{"content", "<think>hmm</think>\nanswer"}, {"reasoning_content", "long"}}}}}}};
        Harness h({{.status = 200, .body = body.dump()}});
        auto reply = h.client.complete(request());
        REQUIRE(reply);
        CHECK(reply->reasoning == "long");
        CHECK(reply->content == "<think>hmm</think>\nanswer");
        CHECK(reply->text == "answer");
        CHECK_FALSE(reply->usage.is_reported);
    }

    TEST_CASE("auto fan-out sends n requests with distinct seeds and sample numbers") {
        Harness h({ok_reply("x")});
        auto replies = h.client.complete_n(request(), 3);
        REQUIRE(replies);
        REQUIRE(replies->size() == 3);
        std::set<int> seeds;
        std::set<std::string> samples;
        for (std::size_t i = 0; i < 3; ++i) {
            seeds.insert(h.transport.body(i)["seed"].get<int>());
            samples.insert(header(h.transport.requests()[i], "X-Rtlduet-Sample"));
            CHECK((*replies)[i].sample == static_cast<int>(i));
            CHECK((*replies)[i].seed == 10 + i);
        }
        CHECK(seeds == std::set<int>{10, 11, 12});
        CHECK(samples == std::set<std::string>{"0", "1", "2"});
    }

    TEST_CASE("native fan-out sends n once and fans out the choices a server left out") {
        ClientConfig config;
        config.fanout = Fanout::Native;
        nlohmann::json two = nlohmann::json::parse(ok_reply("a").body);
        two["choices"].push_back(
            {{"index", 1}, {"finish_reason", "stop"}, {"message", {{"content", "b"}}}});
        Harness h({{.status = 200, .body = two.dump()}, ok_reply("c")}, config);
        auto replies = h.client.complete_n(request(), 3);
        REQUIRE(replies);
        CHECK(h.transport.body(0)["n"] == 3);
        CHECK_FALSE(h.transport.body(1).contains("n"));
        CHECK(h.transport.body(1)["seed"] == 12);
        CHECK((*replies)[0].text == "a");
        CHECK((*replies)[1].text == "b");
        CHECK((*replies)[2].text == "c");
        CHECK((*replies)[2].sample == 2);
    }

    TEST_CASE("one failing sample fails complete_n") {
        Harness h({ok_reply("a")});
        h.transport.handler = [](const HttpRequest& sent) {
            return header(sent, "X-Rtlduet-Sample") == "1" ? status_reply(400) : ok_reply("a");
        };
        CHECK_FALSE(h.client.complete_n(request(), 3));
    }

    TEST_CASE("the limiter caps requests in flight across clients and threads") {
        InflightLimiter limiter(2);
        FakeTransport transport;
        std::atomic<int> now_in{0};
        std::atomic<int> most{0};
        transport.handler = [&](const HttpRequest&) {
            const int in = ++now_in;
            int seen = most.load();
            while (in > seen && !most.compare_exchange_weak(seen, in)) {
            }
            std::this_thread::sleep_for(5ms);
            --now_in;
            return ok_reply("x");
        };
        rtlduet::util::Logger log{rtlduet::util::LogLevel::Silent};
        FakeClock clock;
        ChatClient rtl(ClientConfig{}, transport, limiter, log, clock);
        ChatClient model(ClientConfig{}, transport, limiter, log, clock);
        std::jthread first([&] { CHECK(rtl.complete_n(request("rtl"), 6)); });
        std::jthread second([&] { CHECK(model.complete_n(request("model"), 6)); });
        first.join();
        second.join();
        CHECK(most.load() == 2);
        CHECK(limiter.peak() == 2);
        CHECK(transport.requests().size() == 12);
    }

    TEST_CASE("list_models reads OpenAI and Ollama-style model lists") {
        FakeTransport transport(
            {{.status = 200, .body = R"({"data":[{"id":"a.gguf"}],"models":[{"name":"b"}]})"}});
        auto models = list_models(transport, {.base_url = "http://h:1/v1"}, 2s);
        REQUIRE(models);
        CHECK(*models == std::vector<std::string>{"a.gguf", "b"});
        CHECK(transport.requests().at(0).url == "http://h:1/v1/models");
        CHECK(transport.requests().at(0).method == "GET");
        FakeTransport down({{.failure = NetFailure::Connect, .error = "refused"}});
        CHECK_FALSE(list_models(down, {}, 2s));
    }
}
