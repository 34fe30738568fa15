// Parsing helpers of the chat-completions protocol: Retry-After values, URLs, server messages.
#include "llm/detail/wire.h"

#include <doctest/doctest.h>

#include "llm/detail/exchange.h"

using namespace rtlduet::llm::detail;
using namespace std::chrono_literals;

TEST_SUITE("llm.wire") {
    TEST_CASE("Retry-After accepts seconds and fractions, not dates or garbage") {
        CHECK(parse_retry_after("3") == 3s);
        CHECK(parse_retry_after(" 0.5 ") == 500ms);
        CHECK_FALSE(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"));
        CHECK_FALSE(parse_retry_after("-1"));
        CHECK_FALSE(parse_retry_after(""));
    }

    TEST_CASE("endpoint URLs join without doubled slashes") {
        CHECK(endpoint_url("http://h:1/v1", "models") == "http://h:1/v1/models");
        CHECK(endpoint_url("http://h:1/v1/", "chat/completions") ==
              "http://h:1/v1/chat/completions");
    }

    TEST_CASE("the server's message is taken from an error body, else the body's start") {
        CHECK(server_message(R"({"error":{"code":400,"message":"n too big"}})") == "n too big");
        CHECK(server_message(R"({"error":"plain"})") == "plain");
        CHECK(server_message("<html>\nBad Gateway") == "<html> Bad Gateway");
        CHECK(server_message("") == "(empty body)");
    }

    TEST_CASE("choices are ordered by index and content null is empty text") {
        auto parsed = parse_reply(
            R"({"choices":[{"index":1,"message":{"content":"b"}},{"index":0,"message":{"content":null,"reasoning":"r"}}]})");
        REQUIRE(parsed);
        REQUIRE(parsed->choices.size() == 2);
        CHECK(parsed->choices[0].content.empty());
        CHECK(parsed->choices[0].reasoning == "r");
        CHECK(parsed->choices[1].content == "b");
    }
}
