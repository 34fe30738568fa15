// EndpointPool and ChatClient over a pool, with a fake transport that answers per URL and a
// fake clock: member choice by load, taking members out and probing them back in, failover of
// a failed request, and the error when every member is down.
#include "llm/endpoint_pool.h"

#include <list>
#include <map>

#include <doctest/doctest.h>

#include "llm/chat_client.h"
#include "unit/llm/fakes.h"

using namespace rtlduet::llm;
using namespace rtlduet::llm::testing;
using namespace std::chrono_literals;

namespace {

const std::string kA = "http://a.test/v1";
const std::string kB = "http://b.test/v1";
const std::string kC = "http://c.test/v1";

// Answers by server: a server marked down refuses connections, others reply "from <url>".
struct Servers {
    std::map<std::string, bool> is_down;
    FakeTransport transport;

    Servers() {
        transport.handler = [this](const HttpRequest& request) -> HttpResponse {
            for (const auto& [url, down] : is_down) {
                if (request.url.rfind(url, 0) == 0) {
                    if (down) {
                        return {.failure = NetFailure::Connect, .error = "refused"};
                    }
                    if (request.method == "GET") {
                        return {.status = 200, .body = R"({"data":[{"id":"m"}]})"};
                    }
                    return ok_reply("from " + url);
                }
            }
            return {.failure = NetFailure::Other, .error = "unknown host"};
        };
    }

    int sent_to(const std::string& url, const std::string& method = "POST") const {
        int count = 0;
        for (const HttpRequest& request : transport.requests()) {
            count += request.url.rfind(url, 0) == 0 && request.method == method ? 1 : 0;
        }
        return count;
    }
};

struct PoolHarness {
    Servers servers;
    rtlduet::util::Logger log{rtlduet::util::LogLevel::Silent};
    FakeClock clock;
    EndpointPool pool{servers.transport, log, clock};
    Endpoint identity{.base_url = kA, .llm = "m"};
};

ChatRequest request() {
    return {.agent = "rtl", .messages = {{"user", "An AND gate."}}, .max_tokens = 10};
}

}  // namespace

TEST_SUITE("llm.endpoint_pool") {
    TEST_CASE(
        "URL#slots=N gives the slots, a trailing slash is dropped, other fragments are refused") {
        auto plain = parse_endpoint_address(kA);
        REQUIRE(plain);
        CHECK(plain->base_url == kA);
        CHECK_FALSE(plain->slots);
        auto with_slots = parse_endpoint_address(kA + "#slots=3");
        REQUIRE(with_slots);
        CHECK(with_slots->base_url == kA);
        CHECK(with_slots->slots == 3);
        auto with_slash = parse_endpoint_address(kA + "/#slots=2");
        REQUIRE(with_slash);
        CHECK(with_slash->base_url == kA);
        for (const std::string bad : {"#slots=0", "#slots=", "#slots=2x", "#weight=2", "#"}) {
            CHECK_FALSE(parse_endpoint_address(kA + bad));
        }
    }

    TEST_CASE("the same URL twice is one member, and its given slot count wins") {
        PoolHarness h;
        const auto ids = h.pool.add({{.base_url = kA}, {.base_url = kB}, {kA, 2}});
        CHECK(ids.size() == 2);
        CHECK(h.pool.size() == 2);
        CHECK(h.pool.total_slots(ids) == 2 + kDefaultSlots);
    }

    TEST_CASE("requests go to the member with the least in flight relative to its slots") {
        PoolHarness h;
        const auto ids = h.pool.add({{kA, 1}, {kB, 3}});
        std::list<EndpointPool::Lease> held;
        std::map<std::string, int> per_url;
        for (int i = 0; i < 4; ++i) {
            held.push_back(h.pool.lease(ids, h.identity));
            ++per_url[held.back().base_url()];
        }
        CHECK(per_url[kA] == 1);
        CHECK(per_url[kB] == 3);
        held.erase(held.begin());  // frees one slot of B (the first lease went to B)
        CHECK(h.pool.lease(ids, h.identity).base_url() == kB);
    }

    TEST_CASE("an unreached member is out at once and probed back in after its backoff") {
        PoolHarness h;
        const auto ids = h.pool.add({{kA, 4}, {kB, 4}});
        h.pool.lease(ids, h.identity).report(ExchangeHealth::Unreached, "refused");
        CHECK_FALSE(h.pool.stats()[0].is_up);
        for (int i = 0; i < 3; ++i) {
            CHECK(h.pool.lease(ids, h.identity).base_url() == kB);
        }
        CHECK(h.servers.sent_to(kA, "GET") == 0);  // not before the backoff ends
        h.clock.sleep_for(HealthPolicy{}.initial_backoff);
        h.servers.is_down[kA] = false;
        h.servers.is_down[kB] = false;
        const auto lease = h.pool.lease(ids, h.identity);
        CHECK(h.servers.sent_to(kA, "GET") == 1);
        CHECK(h.pool.stats()[0].is_up);
        CHECK(lease.base_url() == kA);  // back, and the least loaded
    }

    TEST_CASE("a failed probe doubles the backoff") {
        PoolHarness h;
        h.servers.is_down[kA] = true;
        h.servers.is_down[kB] = false;
        const auto ids = h.pool.add({{kA, 4}, {kB, 4}});
        h.pool.lease(ids, h.identity).report(ExchangeHealth::Unreached, "refused");
        h.clock.sleep_for(1s);
        CHECK(h.pool.lease(ids, h.identity).base_url() == kB);
        CHECK(h.servers.sent_to(kA, "GET") == 1);
        h.clock.sleep_for(1s);  // the next probe is 2 s after the failed one
        (void)h.pool.lease(ids, h.identity);
        CHECK(h.servers.sent_to(kA, "GET") == 1);
        h.clock.sleep_for(1s);
        (void)h.pool.lease(ids, h.identity);
        CHECK(h.servers.sent_to(kA, "GET") == 2);
    }

    TEST_CASE("a 5xx storm takes a member out after three in a row; a reply in between resets") {
        PoolHarness h;
        const auto ids = h.pool.add({{kA, 4}, {kB, 4}});
        auto report_a = [&](ExchangeHealth health) {
            EndpointPool::Lease lease(h.pool.lease(ids, h.identity, ids[1]));
            REQUIRE(lease.base_url() == kA);
            lease.report(health, "HTTP 503");
        };
        report_a(ExchangeHealth::Faulty);
        report_a(ExchangeHealth::Faulty);
        report_a(ExchangeHealth::Answered);
        report_a(ExchangeHealth::Faulty);
        report_a(ExchangeHealth::Faulty);
        CHECK(h.pool.stats()[0].is_up);
        report_a(ExchangeHealth::Faulty);
        CHECK_FALSE(h.pool.stats()[0].is_up);
        CHECK(h.pool.stats()[0].ejections == 1);
    }

    TEST_CASE("a request whose server is down is retried on another at once, not counted") {
        PoolHarness h;
        h.servers.is_down = {{kA, true}, {kB, false}};
        InflightLimiter limiter(8);
        ClientConfig config{.endpoint = h.identity, .endpoints = {{kA, 4}, {kB, 2}}};
        config.retry.retries = 0;
        ChatClient client(config, h.servers.transport, limiter, h.pool, h.log, h.clock);
        auto reply = client.complete(request());
        REQUIRE(reply);
        CHECK(reply->endpoint == kB);
        CHECK(reply->text == "from " + kB);
        CHECK(reply->attempts == 2);
        CHECK(h.clock.slept() == 0s);
        // A stays out: the next requests go to B without touching A.
        REQUIRE(client.complete(request()));
        CHECK(h.servers.sent_to(kA) == 1);
        CHECK(h.servers.sent_to(kB) == 2);
    }

    TEST_CASE("every member down ends in an llm error that names each of them") {
        PoolHarness h;
        h.servers.is_down = {{kA, true}, {kB, true}, {kC, true}};
        InflightLimiter limiter(8);
        ClientConfig config{.endpoint = h.identity, .endpoints = {{kA, 1}, {kB, 1}, {kC, 1}}};
        config.retry.retries = 2;
        ChatClient client(config, h.servers.transport, limiter, h.pool, h.log, h.clock);
        auto reply = client.complete(request());
        REQUIRE_FALSE(reply);
        CHECK(reply.error().kind == rtlduet::util::ErrorKind::Llm);
        const std::string message = reply.error().message;
        CHECK(message.find("no endpoint of the pool of 3") != std::string::npos);
        for (const std::string& url : {kA, kB, kC}) {
            CHECK(message.find(url + " (no connection: refused)") != std::string::npos);
        }
        // 3 at once (failover), then one per retry to the member due first.
        CHECK(h.servers.sent_to(kA) + h.servers.sent_to(kB) + h.servers.sent_to(kC) == 5);
    }

    TEST_CASE("a pool of one sends no probe and retries as a single endpoint does") {
        PoolHarness h;
        h.servers.is_down = {{kA, true}};
        InflightLimiter limiter(4);
        ClientConfig config{.endpoint = h.identity};
        config.retry.retries = 3;
        ChatClient client(config, h.servers.transport, limiter, h.pool, h.log, h.clock);
        auto reply = client.complete(request());
        REQUIRE_FALSE(reply);
        CHECK(reply.error().message.find("unusable after 4 attempt(s)") != std::string::npos);
        CHECK(h.servers.sent_to(kA, "GET") == 0);
        CHECK(h.servers.sent_to(kA) == 4);
    }
}
