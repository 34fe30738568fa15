// fake_llm/fake_llm_server.h: an OpenAI-compatible chat endpoint on 127.0.0.1 that answers
// from a script, for tests and benchmarks. It logs every request and counts how many were open
// at once, so tests can check retries, timing and the client's concurrency cap.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fake_llm/emulation.h"
#include "fake_llm/script.h"
#include "util/error.h"

namespace rtlduet::fake_llm {

struct ServerOptions {
    int latency_ms = 0;              // added before every chat reply
    int slots = 0;                   // > 0: at most this many chat requests processed at once
    std::filesystem::path log_path;  // non-empty: one JSON line per finished request
    int port = 0;                    // 0: an ephemeral port; else this one (a restart)
    // What a real server would add (emulation.h): published capacity, limits, the API key.
    Flavour flavour = Flavour::LlamaCpp;
    int context = 0;  // > 0: tokens per slot, published and enforced
    bool has_slots_route = true;
    bool overflow_is_500 = false;
    std::string api_key;
};

struct LoggedRequest {
    int seq = 0;            // arrival order, from 0
    double arrived_ms = 0;  // since start()
    double done_ms = 0;
    std::string method;
    std::string path;
    std::string agent;  // X-Rtlduet-Agent
    std::optional<int> sample;
    std::string authorization;
    nlohmann::json body;  // null when the body was not JSON
    std::string rule;     // the rule that answered ("" for none)
    int reply_index = -1;
    int status = 0;

    nlohmann::json to_json() const;
};

class FakeLlmServer {
public:
    explicit FakeLlmServer(ServerOptions options = {});
    ~FakeLlmServer();
    FakeLlmServer(const FakeLlmServer&) = delete;
    FakeLlmServer& operator=(const FakeLlmServer&) = delete;

    /// Replaces the script (also while running); the rules' counters restart.
    util::Status load_script(const std::string& json_text);
    util::Status load_script_file(const std::filesystem::path& path);

    /// Binds 127.0.0.1 on an ephemeral port and serves on a background thread.
    util::Status start();
    /// Wakes hanging and queued requests and stops serving. Idempotent.
    void stop();
    /// What llama-server does on SIGTERM: nothing more is sent, not even on new requests,
    /// and every connection stays open until stop().
    void hold();

    int port() const;
    /// http://127.0.0.1:<port>/v1
    std::string base_url() const;
    std::vector<LoggedRequest> requests() const;
    /// Chat requests only (not /models or /health).
    std::vector<LoggedRequest> chat_requests() const;
    /// The most chat requests open at the same time (queued for a slot included).
    int max_concurrent() const;
    int requests_seen() const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace rtlduet::fake_llm
