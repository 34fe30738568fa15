// llm/chat_client.h: the OpenAI-compatible chat client every agent uses: sampling, fan-out of
// samples, retries, one global cap on requests in flight, and the on-disk reply cache.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "llm/endpoint_pool.h"
#include "llm/transport.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/logger.h"

namespace rtlduet::llm {

struct Message {
    std::string role;  // "system", "user", "assistant"
    std::string content;
    bool operator==(const Message&) const = default;
};

struct ChatRequest {
    std::string agent;  // "rtl", "model": logs, cache key, X-Rtlduet-Agent header
    std::vector<Message> messages;
    int sample = 0;  // sample index; complete_n() numbers its samples from here
    // The agent's sampling; ClientConfig::overrides win, then built-in defaults.
    std::optional<double> temperature;
    std::optional<double> top_p;
    std::optional<int> max_tokens;
    std::optional<int> max_tokens_cap;  // what the slot's context leaves: wins over the rest
    // Sent only when set, so a server's own defaults never decide them silently.
    std::optional<int> top_k;
    std::optional<double> min_p;
    std::vector<std::string> stop;
    std::uint64_t seed = 1;  // base seed: sample k is sent with seed + k
};

struct Usage {
    bool is_reported = false;  // the server sent a usage object
    int prompt_tokens = 0;
    int completion_tokens = 0;
    int total_tokens = 0;
};

/// A request the server refused because it does not fit the context of a slot: llama.cpp's
/// 400 exceed_context_size_error, the 500 "Context size has been exceeded." of a shared KV
/// cache, vLLM's 400 "maximum context length". Not retried: the caller must send less.
struct ContextOverflow {
    std::optional<int> prompt_tokens;  // as the server counted them, when it said
    std::optional<int> context;        // the slot's context, when it said
    std::string message;               // the server's own words
};

/// Why a reply with finish_reason "length" stopped.
enum class Truncation {
    None,
    MaxTokens,  // the max_tokens sent
    Context,    // the slot's context filled up before max_tokens
};

struct ChatReply {
    std::string agent;
    int sample = 0;
    std::uint64_t seed = 0;
    std::string content;    // the message content as sent, <think> blocks included
    std::string reasoning;  // reasoning_content / reasoning field, when the server split it
    std::string text;       // content without reasoning blocks: what agents parse
    std::string finish_reason;
    bool is_truncated = false;  // finish_reason "length" and not recovered
    Truncation truncation = Truncation::None;
    int max_tokens = 0;      // the max_tokens sent
    std::string served_llm;  // "model" of the reply (llama.cpp: the gguf path)
    Usage usage;
    util::Duration latency{};  // the successful exchange (zero when served from the cache)
    int attempts = 0;          // HTTP exchanges made for this reply (0: cache)
    bool is_from_cache = false;
    std::string cache_key;
    std::string endpoint;  // base URL of the pool member that answered ("" from the cache)
    std::optional<ContextOverflow> overflow;  // set: refused, nothing else in the reply is real
};

struct Endpoint {
    std::string base_url = "http://127.0.0.1:8080/v1";  // without /chat/completions
    std::string llm;                                    // "model" in the JSON; may be empty
    std::string api_key;                                // sent as a Bearer token; never logged
};

/// The seed sent for a run seed: every server treats seeds in [1, 2^31 - 1] as fixed
/// (llama.cpp's are 32-bit with 4294967295 meaning "random"; some servers take 0 or -1 as
/// "unset"). Seeds already in that range are sent unchanged.
std::uint64_t wire_seed(std::uint64_t seed);

/// Command-line sampling options; each set value wins over the request's own.
struct SamplingOverrides {
    std::optional<double> temperature;
    std::optional<double> top_p;
    std::optional<int> max_tokens;
};

enum class Fanout {
    Auto,    // n samples = n requests with distinct seeds (works on every server)
    Native,  // one request with "n"; samples the server did not return are fanned out
};

/// Told about every HTTP exchange with a chat endpoint while it runs (live progress). Called
/// from the requests' threads, so implementations lock.
class RequestObserver {
public:
    virtual ~RequestObserver() = default;
    virtual void started(const std::string& agent, int sample) = 0;
    /// `tokens` more text deltas arrived (streamed replies only).
    virtual void streamed(const std::string& agent, int sample, int tokens) = 0;
    /// `answered`: a reply (or a refusal for its size) came back; false: it will be retried or
    /// the request failed.
    virtual void ended(const std::string& agent, int sample, bool answered) = 0;
};

struct RetryPolicy {
    int retries = 4;  // further attempts after the first
    util::Duration initial_backoff = std::chrono::seconds(1);
    util::Duration max_backoff = std::chrono::seconds(30);
    util::Duration connect_timeout = std::chrono::seconds(5);
    util::Duration request_timeout = std::chrono::seconds(300);  // one exchange
    util::Duration stall_timeout = std::chrono::seconds(60);     // no byte mid-reply: retry
    util::Duration total_budget = std::chrono::seconds(900);     // all attempts of one reply
    // On finish_reason "length": one more request with this max_tokens when it is larger.
    std::optional<int> length_retry_max_tokens;
};

enum class CacheMode {
    Off,
    Reuse,   // --cache: serve hits, store misses
    Record,  // --record: always ask the endpoint, store every reply
    Replay,  // --replay: only from the directory, never the network; a miss is an error
};

struct CacheConfig {
    CacheMode mode = CacheMode::Off;
    std::filesystem::path dir;
};

struct ClientConfig {
    Endpoint endpoint;                       // the LLM, the key, and the first server's URL
    std::vector<EndpointAddress> endpoints;  // the agent's pool; empty: endpoint.base_url alone
    std::optional<int> context;  // tokens one request may use (prompt + reply), when known
    SamplingOverrides overrides;
    Fanout fanout = Fanout::Auto;
    bool stream = true;  // ask for server-sent events (progress, stall detection)
    RetryPolicy retry;
    CacheConfig cache;
    RequestObserver* observer = nullptr;  // not owned; may be null
};

/// The global cap on LLM requests in flight, shared by every client of a process.
class InflightLimiter {
public:
    explicit InflightLimiter(int max_inflight);
    InflightLimiter(const InflightLimiter&) = delete;
    InflightLimiter& operator=(const InflightLimiter&) = delete;

    /// Holds one slot from acquire() until destruction.
    class Slot {
    public:
        explicit Slot(InflightLimiter& limiter) : limiter_(&limiter) {}
        Slot(Slot&& other) noexcept : limiter_(std::exchange(other.limiter_, nullptr)) {}
        Slot(const Slot&) = delete;
        Slot& operator=(const Slot&) = delete;
        Slot& operator=(Slot&&) = delete;
        ~Slot();

    private:
        InflightLimiter* limiter_;
    };

    /// Blocks until a slot is free.
    Slot acquire();
    int capacity() const { return capacity_; }
    /// The most slots ever held at once.
    int peak() const;

private:
    void release();

    const int capacity_;
    mutable std::mutex mutex_;
    std::condition_variable freed_;
    int in_use_ = 0;
    int peak_ = 0;
};

/// Totals over every reply of one client.
struct ClientStats {
    int replies = 0;
    int cache_hits = 0;
    int exchanges = 0;  // HTTP requests sent, retries included
    int retries = 0;
    int truncated = 0;
    long long prompt_tokens = 0;
    long long completion_tokens = 0;
    util::Duration latency{};  // summed over exchanges that produced a reply
};

/// The servers of a configuration: its pool, or its one endpoint.
std::vector<EndpointAddress> endpoint_addresses(const ClientConfig& config);

/// One LLM on one endpoint or a pool of them. Thread-safe: several agents may call it at once.
class ChatClient {
public:
    ChatClient(ClientConfig config, Transport& transport, InflightLimiter& limiter,
               util::Logger& log, const util::Clock& clock,
               const std::atomic<bool>* cancel = nullptr);
    /// A client whose servers are members of a pool shared with other clients.
    ChatClient(ClientConfig config, Transport& transport, InflightLimiter& limiter,
               EndpointPool& pool, util::Logger& log, const util::Clock& clock,
               const std::atomic<bool>* cancel = nullptr);

    /// One sample (request.sample, seed request.seed + request.sample).
    util::Result<ChatReply> complete(const ChatRequest& request);
    /// `n` samples numbered request.sample .. request.sample + n - 1, run concurrently under
    /// the limiter; replies come back in sample order. Fails when any sample fails.
    util::Result<std::vector<ChatReply>> complete_n(const ChatRequest& request, int n);

    const ClientConfig& config() const { return config_; }
    ClientStats stats() const;

    /// Tokens one request may use: what a server's overflow refusal said, else the
    /// configured or discovered context; nullopt when unknown.
    std::optional<int> context() const;
    /// A rough, deliberately high count of the prompt tokens of `messages`, calibrated on the
    /// prompt_tokens the server reports.
    int estimate_tokens(const std::vector<Message>& messages) const;

private:
    util::Result<ChatReply> complete_one(const ChatRequest& request, int sample);
    util::Result<std::vector<ChatReply>> complete_native(const ChatRequest& request, int n);
    util::Result<std::vector<ChatReply>> fan_out(const ChatRequest& request,
                                                 const std::vector<int>& samples);
    util::Result<std::optional<ChatReply>> lookup(const ChatRequest& request, int sample);
    util::Status store(const ChatRequest& request, ChatReply& reply);
    util::Result<std::vector<ChatReply>> fetch(const ChatRequest& request, int first_sample, int n);
    void account(const ChatReply& reply, int exchanges, int retries);
    void learn(const std::vector<Message>& messages, const ChatReply& reply);
    void mark_truncation(ChatReply& reply) const;
    bool refuses_native(const util::Error& error, int n);

    ClientConfig config_;
    Transport& transport_;
    InflightLimiter& limiter_;
    std::unique_ptr<EndpointPool> own_pool_;  // set when no shared pool was given
    EndpointPool& pool_;
    std::vector<std::size_t> members_;  // this client's servers in pool_
    util::Logger& log_;
    const util::Clock& clock_;
    const std::atomic<bool>* cancel_;
    mutable std::mutex mutex_;
    ClientStats stats_;                   // guarded by mutex_
    std::optional<int> learned_context_;  // guarded by mutex_
    double tokens_per_byte_;              // guarded by mutex_
    std::atomic<bool> is_native_refused_{false};
};

/// GET {base}/models: the ids the endpoint serves (for `rtlduet doctor` and --llm defaults).
util::Result<std::vector<std::string>> list_models(Transport& transport, const Endpoint& endpoint,
                                                   util::Duration timeout);

/// The cache key of one sample: SHA-256 over agent, LLM name, messages, effective sampling
/// parameters (seed of this sample included) and sample index; not the URL or the API key.
std::string cache_key(const ChatRequest& request, const ClientConfig& config, int sample);

}  // namespace rtlduet::llm
