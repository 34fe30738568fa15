// `rtlduet doctor` and the endpoint row, through the built binary against the fake endpoint.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "fake_llm/loopback.h"
#include "support/run_binary.h"

using namespace rtlduet;

namespace {

nlohmann::json endpoint_row(const std::string& out) {
    const auto report = nlohmann::json::parse(out, nullptr, false);
    if (report.is_discarded()) {
        return {};
    }
    for (const auto& row : report["checks"]) {
        if (row["name"] == "endpoint") {
            return row;
        }
    }
    return {};
}

std::vector<nlohmann::json> probe_rows(const std::string& out) {
    std::vector<nlohmann::json> rows;
    const auto report = nlohmann::json::parse(out, nullptr, false);
    for (const auto& row : report.is_discarded() ? nlohmann::json::array() : report["checks"]) {
        if (row["name"].get<std::string>().starts_with("probe ")) {
            rows.push_back(row);
        }
    }
    return rows;
}

int closed_port() {
    fake_llm::testing::Loopback gone(R"({"rules":[]})");
    return gone.server.port();
}

}  // namespace

TEST_SUITE("integration.doctor_endpoint") {
    TEST_CASE("doctor --endpoint lists the served models when the endpoint answers") {
        fake_llm::testing::Loopback loop(R"({"model":"tiny.gguf","rules":[]})");
        const auto run = testing::run_rtlduet(
            {"doctor", "--json", "--endpoint", loop.server.base_url(), "--llm", "other"});
        CHECK(run.exit_code == 0);
        const auto row = endpoint_row(run.out);
        CHECK(row["status"] == "ok");
        CHECK(row["detail"].get<std::string>().find("tiny.gguf") != std::string::npos);
        CHECK(row["detail"].get<std::string>().find("'other' is not listed") != std::string::npos);
        CHECK(loop.server.requests().at(0).path == "/v1/models");
    }

    TEST_CASE("doctor shows the slots and context the server publishes") {
        fake_llm::testing::Loopback loop(R"({"model":"tiny.gguf","rules":[]})",
                                         {.slots = 2, .context = 2048});
        const auto run =
            testing::run_rtlduet({"doctor", "--json", "--endpoint", loop.server.base_url()});
        CHECK(run.exit_code == 0);
        const std::string detail = endpoint_row(run.out)["detail"];
        CHECK(detail.find("llama.cpp, 2 slots (/slots), 2048 tokens per request") !=
              std::string::npos);
    }

    TEST_CASE("an unreachable endpoint named by --endpoint is an environment failure") {
        const std::string url = "http://127.0.0.1:" + std::to_string(closed_port()) + "/v1";
        const auto run = testing::run_rtlduet({"doctor", "--json", "--endpoint", url});
        CHECK(run.exit_code == 3);
        CHECK(endpoint_row(run.out)["status"] == "failed");
        CHECK(endpoint_row(run.out)["essential"] == true);
    }

    TEST_CASE("an unreachable endpoint from RTLDUET_ENDPOINT is only a warning row") {
        const std::string url = "http://127.0.0.1:" + std::to_string(closed_port()) + "/v1";
        const auto run = testing::run_rtlduet({"doctor", "--json"}, {}, std::chrono::seconds(120),
                                              {"RTLDUET_ENDPOINT=" + url});
        CHECK(run.exit_code == 0);
        const auto row = endpoint_row(run.out);
        CHECK(row["status"] == "warning");  // exit 0 never sits next to "failed"
        CHECK(row["path"] == url);
        CHECK(row["essential"] == false);
    }

    TEST_CASE("doctor --probe sends one 1-token request per endpoint and agent") {
        fake_llm::testing::Loopback loop(R"({"rules":[],"fallback":{"content":"OK"}})",
                                         {.api_key = "sekret"});
        const auto run = testing::run_rtlduet({"doctor", "--json", "--probe", "--endpoint",
                                               loop.server.base_url(), "--api-key", "sekret",
                                               "--rtl-llm", "coder", "--model-llm", "thinker"});
        CHECK_MESSAGE(run.exit_code == 0, run.err);
        const auto rows = probe_rows(run.out);
        REQUIRE(rows.size() == 2);
        CHECK(rows[0]["name"] == "probe rtl");
        CHECK(rows[0]["status"] == "ok");
        CHECK(rows[1]["name"] == "probe model");
        CHECK(rows[1]["status"] == "ok");
        const auto chats = loop.server.chat_requests();
        REQUIRE(chats.size() == 2);
        CHECK(chats[0].body["max_tokens"] == 1);
        CHECK(chats[0].agent == "rtl");
        CHECK(chats[0].body["model"] == "coder");
        CHECK(chats[1].body["model"] == "thinker");
    }

    TEST_CASE("doctor --probe finds a wrong API key, which GET /models cannot") {
        fake_llm::testing::Loopback loop(R"({"rules":[],"fallback":{"content":"OK"}})",
                                         {.api_key = "sekret"});
        const auto run = testing::run_rtlduet({"doctor", "--json", "--probe", "--endpoint",
                                               loop.server.base_url(), "--api-key", "wrong"});
        CHECK(run.exit_code == 3);
        CHECK(endpoint_row(run.out)["status"] == "ok");
        for (const auto& row : probe_rows(run.out)) {
            CHECK(row["status"] == "failed");
            CHECK(row["detail"].get<std::string>().find("HTTP 401: Invalid API Key") !=
                  std::string::npos);
        }
        CHECK(loop.server.chat_requests().size() == 2);  // never retried
    }

    TEST_CASE("doctor --probe finds a model name a vLLM server does not serve") {
        fake_llm::testing::Loopback loop(
            R"({"model":"Qwen/Coder","rules":[],"fallback":{"content":"OK"}})",
            {.flavour = fake_llm::Flavour::Vllm});
        const auto run = testing::run_rtlduet({"doctor", "--json", "--probe", "--endpoint",
                                               loop.server.base_url(), "--llm", "Qwen/Coder",
                                               "--model-llm", "qwen-coder"});
        CHECK(run.exit_code == 3);
        const auto rows = probe_rows(run.out);
        REQUIRE(rows.size() == 2);
        CHECK(rows[0]["status"] == "ok");
        CHECK(rows[1]["status"] == "failed");
        CHECK(rows[1]["detail"].get<std::string>().find("The model `qwen-coder` does not exist") !=
              std::string::npos);
    }
}
