// The standalone fake_llm_server program: port file, JSONL request log, --exit-after.
#include <fstream>
#include <thread>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "fake_llm/loopback.h"
#include "support/run_binary.h"
#include "util/files.h"
#include "util/temp_dir.h"

using namespace rtlduet;
using namespace std::chrono_literals;

TEST_SUITE("llm.fake_server_program") {
    TEST_CASE("the program writes its port, answers, logs JSONL and exits after N requests") {
        auto dir = util::TempDir::create("fake-llm-prog-");
        REQUIRE(dir);
        const auto script = dir->path() / "script.json";
        const auto port_file = dir->path() / "port";
        const auto log_file = dir->path() / "log.jsonl";
        REQUIRE(util::write_file(script, R"({"rules":[{"replies":[{"content":"hello"}]}]})"));
        testing::BinaryRun run;
        std::jthread server([&] {
            run = testing::run_program(
                {FAKE_LLM_SERVER_BIN, "--script", script.string(), "--port-file",
                 port_file.string(), "--log", log_file.string(), "--exit-after", "1"},
                dir->path(), 20s);
        });
        const auto until = std::chrono::steady_clock::now() + 10s;
        while (!std::filesystem::exists(port_file) && std::chrono::steady_clock::now() < until) {
            std::this_thread::sleep_for(10ms);
        }
        auto port = util::read_file(port_file);
        REQUIRE(port);
        auto transport = llm::make_curl_transport();
        llm::InflightLimiter limiter(1);
        util::Logger log(util::LogLevel::Silent);
        util::SystemClock clock;
        llm::ClientConfig config;
        config.endpoint.base_url = "http://127.0.0.1:" + std::to_string(std::stoi(*port)) + "/v1";
        llm::ChatClient client(config, *transport, limiter, log, clock);
        auto reply = client.complete(fake_llm::testing::chat("rtl"));
        REQUIRE(reply);
        CHECK(reply->text == "hello");
        server.join();
        CHECK(run.exit_code == 0);
        auto lines = util::read_file(log_file);
        REQUIRE(lines);
        const auto entry = nlohmann::json::parse(lines->substr(0, lines->find('\n')));
        CHECK(entry["agent"] == "rtl");
        CHECK(entry["status"] == 200);
        CHECK(entry["body"]["seed"] == 100);
    }

    TEST_CASE("the program rejects a malformed script with exit 2") {
        auto dir = util::TempDir::create("fake-llm-prog-");
        REQUIRE(dir);
        const auto script = dir->path() / "script.json";
        REQUIRE(util::write_file(script, R"({"rules":[{"replies":[]}]})"));
        const auto run = testing::run_program({FAKE_LLM_SERVER_BIN, "--script", script.string()},
                                              dir->path(), 10s);
        CHECK(run.exit_code == 2);
        CHECK(run.err.find("rule 0") != std::string::npos);
    }
}
