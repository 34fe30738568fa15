// The chat client against the fake endpoint over loopback (real libcurl, real clock, short
// delays): every fault the fake server can script, observed in its request log.
#include "fake_llm/loopback.h"

#include <set>

#include <doctest/doctest.h>

#include "fake_llm/fake_llm_server.h"

using namespace rtlduet;
using namespace rtlduet::fake_llm::testing;
using namespace std::chrono_literals;

TEST_SUITE("llm.loopback") {
    TEST_CASE("the nth request matching a rule gets the nth reply, then the last repeats") {
        Loopback loop(R"({"rules":[{"agent":"rtl","replies":[{"content":"one"},{"content":"two"}]},
                                   {"agent":"model","contains":"counter","replies":[{"content":"m"}]}]})");
        auto client = loop.client();
        CHECK(client->complete(chat("rtl"))->text == "one");
        CHECK(client->complete(chat("rtl"))->text == "two");
        CHECK(client->complete(chat("rtl"))->text == "two");
        CHECK(client->complete(chat("model", "a counter"))->text == "m");
        auto unmatched = client->complete(chat("model", "an adder"));
        REQUIRE_FALSE(unmatched);
        CHECK(unmatched.error().message.find("no script rule matches") != std::string::npos);
    }

    TEST_CASE("a rule with then=error fails the request after its last reply") {
        Loopback loop(R"({"rules":[{"replies":[{"content":"only"}],"then":"error"}]})");
        auto client = loop.client();
        REQUIRE(client->complete(chat("rtl")));
        auto second = client->complete(chat("rtl"));
        REQUIRE_FALSE(second);
        CHECK(second.error().message.find("no reply left") != std::string::npos);
    }

    TEST_CASE("requests carry the agent, sample, API key and sampling parameters") {
        Loopback loop(R"({"rules":[{"replies":[{"content":"x"}]}]})");
        auto client = loop.client();
        REQUIRE(client->complete_n(chat("model"), 2));
        const auto log = loop.server.chat_requests();
        REQUIRE(log.size() == 2);
        std::set<int> samples;
        for (const auto& entry : log) {
            CHECK(entry.agent == "model");
            CHECK(entry.authorization == "Bearer test-key");
            CHECK(entry.body["model"] == "fake-llm");
            CHECK(entry.body["max_tokens"] == 200);
            CHECK(entry.body["temperature"] == 0.5);
            CHECK(entry.body["seed"] == 100 + *entry.sample);
            samples.insert(*entry.sample);
        }
        CHECK(samples == std::set<int>{0, 1});
    }

    TEST_CASE("Retry-After is honoured between attempts, as seen in the server's log") {
        Loopback loop(R"({"rules":[{"replies":[
            {"status":429,"retry_after":"1"},{"status":503,"retry_after":"0.3"},{"content":"ok"}]}]})");
        auto reply = loop.client()->complete(chat("rtl"));
        REQUIRE(reply);
        CHECK(reply->attempts == 3);
        const auto log = loop.server.chat_requests();
        REQUIRE(log.size() == 3);
        const double first_gap = log[1].arrived_ms - log[0].done_ms;
        const double second_gap = log[2].arrived_ms - log[1].done_ms;
        CHECK(first_gap >= 1000);
        CHECK(first_gap < 1800);
        CHECK(second_gap >= 300);
        CHECK(second_gap < 1000);
    }

    TEST_CASE("408, 500, 502, 503 and 504 are retried with backoff") {
        for (int status : {408, 500, 502, 503, 504}) {
            Loopback loop(R"({"rules":[{"replies":[{"status":)" + std::to_string(status) +
                          R"(},{"content":"ok"}]}]})");
            auto reply = loop.client()->complete(chat("rtl"));
            REQUIRE_MESSAGE(reply, status);
            CHECK(loop.server.chat_requests().size() == 2);
            CHECK(loop.server.chat_requests()[0].status == status);
        }
    }

    TEST_CASE("400, 401, 404 and 422 are not retried and the error names model and endpoint") {
        for (int status : {400, 401, 404, 422}) {
            Loopback loop(R"({"rules":[{"replies":[{"status":)" + std::to_string(status) +
                          R"(,"error":{"message":"refused here"}},{"content":"ok"}]}]})");
            auto reply = loop.client()->complete(chat("rtl"));
            REQUIRE_FALSE(reply);
            CHECK(loop.server.chat_requests().size() == 1);
            CHECK(reply.error().kind == util::ErrorKind::Llm);
            CHECK(reply.error().message.find("fake-llm") != std::string::npos);
            CHECK(reply.error().message.find(loop.server.base_url()) != std::string::npos);
            CHECK(reply.error().message.find("refused here") != std::string::npos);
        }
    }

    TEST_CASE("a 200 with an error body, a cut JSON body or no choices is retried") {
        Loopback loop(R"({"rules":[{"replies":[
            {"error":{"message":"model crashed"}},{"content":"abcdef","truncate":25},
            {"empty_choices":true},{"content":"ok"}]}]})");
        llm::ClientConfig config = loop.config();
        config.retry.retries = 3;
        auto reply = loop.client(config)->complete(chat("rtl"));
        REQUIRE(reply);
        CHECK(reply->text == "ok");
        CHECK(loop.server.chat_requests().size() == 4);
    }

    TEST_CASE("an endpoint that keeps failing ends in an llm error after the retry budget") {
        Loopback loop(R"({"rules":[{"replies":[{"error":"still broken"}]}]})");
        auto reply = loop.client()->complete(chat("rtl"));
        REQUIRE_FALSE(reply);
        CHECK(reply.error().kind == util::ErrorKind::Llm);
        CHECK(reply.error().message.find("still broken") != std::string::npos);
        CHECK(loop.server.chat_requests().size() == 3);
    }

    TEST_CASE("a hanging server is cut off at the request timeout and the request retried") {
        Loopback loop(R"({"rules":[{"replies":[{"hang":true},{"content":"ok"}]}]})");
        const auto start = std::chrono::steady_clock::now();
        auto reply = loop.client()->complete(chat("rtl"));
        REQUIRE(reply);
        CHECK(reply->text == "ok");
        CHECK(std::chrono::steady_clock::now() - start < 5s);
        CHECK(loop.server.requests_seen() == 2);
    }

    TEST_CASE("a server that is not there is retried, then an llm error") {
        int closed_port = 0;
        {
            Loopback gone(R"({"rules":[]})");
            closed_port = gone.server.port();
        }
        Loopback loop(R"({"rules":[]})");
        llm::ClientConfig config = loop.config();
        config.endpoint.base_url = "http://127.0.0.1:" + std::to_string(closed_port) + "/v1";
        auto reply = loop.client(config)->complete(chat("rtl"));
        REQUIRE_FALSE(reply);
        CHECK(reply.error().kind == util::ErrorKind::Llm);
        CHECK(reply.error().message.find("3 attempt") != std::string::npos);
    }

    TEST_CASE("finish_reason length marks the reply truncated, or asks once with more tokens") {
        Loopback loop(R"({"rules":[{"replies":[{"content":"module Top","finish_reason":"length"},
                                                {"content":"whole"}]}]})");
        auto cut = loop.client()->complete(chat("rtl"));
        REQUIRE(cut);
        CHECK(cut->is_truncated);
        Loopback again(R"({"rules":[{"replies":[{"content":"module Top","finish_reason":"length"},
                                                 {"content":"whole"}]}]})");
        llm::ClientConfig config = again.config();
        config.retry.length_retry_max_tokens = 800;
        auto whole = again.client(config)->complete(chat("rtl"));
        REQUIRE(whole);
        CHECK_FALSE(whole->is_truncated);
        CHECK(whole->text == "whole");
        CHECK(again.server.chat_requests()[1].body["max_tokens"] == 800);
    }

    TEST_CASE("reasoning in reasoning_content, reasoning or think tags stays out of the text") {
        Loopback loop(R"({"rules":[{"replies":[
            {"content":"","reasoning_content":"thinking hard"},
            {"content":"<think>draft</think>final","reasoning":"r"}]}]})");
        auto client = loop.client();
        auto first = client->complete(chat("rtl"));
        REQUIRE(first);
        CHECK(first->reasoning == "thinking hard");
        CHECK(first->text.empty());
        auto second = client->complete(chat("rtl"));
        REQUIRE(second);
        CHECK(second->reasoning == "r");
        CHECK(second->content == "<think>draft</think>final");
        CHECK(second->text == "final");
    }

    TEST_CASE("native fan-out sends n once; a server ignoring n gets the rest fanned out") {
        const char* script =
            R"({"rules":[{"agent":"rtl","replies":[{"content":"c{choice}s{seed}"}]},
                                           {"agent":"model","replies":[{"content":"m","n":"ignore"}]}]})";
        Loopback loop(script);
        llm::ClientConfig config = loop.config();
        config.fanout = llm::Fanout::Native;
        auto client = loop.client(config);
        auto honoured = client->complete_n(chat("rtl"), 3);
        REQUIRE(honoured);
        CHECK(loop.server.chat_requests().size() == 1);
        CHECK(loop.server.chat_requests()[0].body["n"] == 3);
        CHECK((*honoured)[2].text == "c2s100");
        auto ignored = client->complete_n(chat("model"), 3);
        REQUIRE(ignored);
        CHECK(ignored->size() == 3);
        CHECK(loop.server.chat_requests().size() == 4);
    }

    TEST_CASE("auto fan-out sends one request per sample with distinct seeds") {
        Loopback loop(R"({"rules":[{"replies":[{"content":"s{seed}"}]}]})");
        auto replies = loop.client()->complete_n(chat("rtl"), 4);
        REQUIRE(replies);
        std::set<std::string> texts;
        for (const auto& reply : *replies) {
            texts.insert(reply.text);
        }
        CHECK(texts == std::set<std::string>{"s100", "s101", "s102", "s103"});
        for (const auto& entry : loop.server.chat_requests()) {
            CHECK_FALSE(entry.body.contains("n"));
        }
    }

    TEST_CASE("GET /models lists the scripted model") {
        Loopback loop(R"({"model":"served.gguf","rules":[]})");
        auto models = llm::list_models(*loop.transport, {.base_url = loop.server.base_url()}, 2s);
        REQUIRE(models);
        CHECK(*models == std::vector<std::string>{"served.gguf"});
    }
}
