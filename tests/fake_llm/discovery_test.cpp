// Server discovery (llm/server_info.h) over loopback against the fake endpoint in each of the
// server flavours it emulates: which routes are asked and what they yield.
#include <doctest/doctest.h>

#include "fake_llm/loopback.h"
#include "llm/server_info.h"

using namespace rtlduet;

namespace {

constexpr const char* kScript = R"({"model":"tiny.gguf","rules":[]})";

llm::ServerInfo discover(fake_llm::ServerOptions options, llm::DiscoveryOptions discovery = {}) {
    fake_llm::testing::Loopback loop(kScript, std::move(options));
    llm::Endpoint endpoint{.base_url = loop.server.base_url(), .llm = "tiny.gguf"};
    auto info = llm::discover_server(*loop.transport, endpoint, discovery);
    REQUIRE(info);
    return *info;
}

}  // namespace

TEST_SUITE("integration.llm.discovery") {
    TEST_CASE("llama.cpp: slots and per-slot context come from /slots") {
        const auto info = discover({.slots = 2, .context = 2048});
        CHECK(info.server == "llama.cpp");
        CHECK(info.slots == 2);
        CHECK(info.context == 2048);
        CHECK(info.slots_source == "/slots");
        CHECK(info.models == std::vector<std::string>{"tiny.gguf"});
        CHECK(llm::describe(info) ==
              "llama.cpp, 2 slots (/slots), 2048 tokens per request (/slots)");
    }

    TEST_CASE("llama.cpp with --no-slots: /props gives total_slots and n_ctx") {
        const auto info = discover({.slots = 3, .context = 4096, .has_slots_route = false});
        CHECK(info.slots == 3);
        CHECK(info.context == 4096);
        CHECK(info.slots_source == "/props");
        CHECK(info.context_source == "/props");
    }

    TEST_CASE("vLLM: max_model_len of the model list, no llama.cpp routes asked") {
        fake_llm::testing::Loopback loop(kScript,
                                         {.flavour = fake_llm::Flavour::Vllm, .context = 8192});
        auto info = llm::discover_server(*loop.transport, {.base_url = loop.server.base_url()});
        REQUIRE(info);
        CHECK(info->server == "vllm");
        CHECK(info->context == 8192);
        CHECK(info->context_source == "/v1/models");
        CHECK_FALSE(info->slots.has_value());
        CHECK(loop.server.requests().size() == 1);
    }

    TEST_CASE("Ollama: num_ctx from /api/show for the named model") {
        const auto info = discover({.flavour = fake_llm::Flavour::Ollama, .context = 4096});
        CHECK(info.server == "ollama");
        CHECK(info.context == 4096);
        CHECK(info.context_source == "/api/show");
    }

    TEST_CASE("a server that publishes nothing leaves slots and context unknown") {
        const auto info = discover({.flavour = fake_llm::Flavour::Plain});
        CHECK(info.server.empty());
        CHECK_FALSE(info.slots.has_value());
        CHECK_FALSE(info.context.has_value());
        CHECK(llm::describe(info) == "server unknown, context unknown");
    }

    TEST_CASE("--context wins over what the server publishes") {
        const auto info = discover({.slots = 2, .context = 2048}, {.context = 1000});
        CHECK(info.context == 1000);
        CHECK(info.context_source == "--context");
        CHECK(info.slots == 2);
    }

    TEST_CASE("an endpoint nobody listens on is an llm error naming the URL") {
        int port = 0;
        {
            fake_llm::testing::Loopback gone(kScript);
            port = gone.server.port();
        }
        const auto transport = llm::make_curl_transport();
        const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/v1";
        auto info = llm::discover_server(*transport, {.base_url = url});
        REQUIRE_FALSE(info);
        CHECK(info.error().kind == util::ErrorKind::Llm);
        CHECK(info.error().message.find("no LLM server answers at " + url) == 0);
    }
}
