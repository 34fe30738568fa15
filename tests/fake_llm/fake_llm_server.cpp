// fake_llm/fake_llm_server.cpp: the cpp-httplib server behind FakeLlmServer. Waits (latency,
// delays, hangs, slots) use one condition variable so stop() wakes every handler at once.
#include "fake_llm/fake_llm_server.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>

#include <httplib.h>

#include "fake_llm/sse_events.h"
#include "util/files.h"

namespace rtlduet::fake_llm {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr int kServerThreads = 64;

// The last user message's text and how many assistant messages precede it.
std::pair<std::string, int> history_facts(const json& body) {
    if (!body.is_object() || !body.contains("messages") || !body["messages"].is_array()) {
        return {"", 0};
    }
    std::string last;
    int assistant = 0;
    for (const json& message : body["messages"]) {
        if (!message.is_object()) {
            continue;
        }
        const std::string role = message.value("role", "");
        assistant += role == "assistant" ? 1 : 0;
        if (role == "user" && message.contains("content") && message["content"].is_string()) {
            last = message["content"].get<std::string>();
        }
    }
    return {last, assistant};
}

std::optional<int> parse_sample(const std::string& text) {
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos ||
        text.size() > 9) {
        return std::nullopt;
    }
    return std::stoi(text);
}

}  // namespace

json LoggedRequest::to_json() const {
    return {{"seq", seq},
            {"arrived_ms", arrived_ms},
            {"done_ms", done_ms},
            {"method", method},
            {"path", path},
            {"agent", agent},
            {"sample", sample ? json(*sample) : json()},
            {"authorization", authorization},
            {"body", body},
            {"rule", rule},
            {"reply_index", reply_index},
            {"status", status}};
}

struct FakeLlmServer::State {
    ServerOptions options;
    httplib::Server server;
    std::thread thread;
    int port = 0;
    Clock::time_point started = Clock::now();

    mutable std::mutex mutex;
    std::condition_variable wake;
    bool is_stopping = false;
    bool is_holding = false;  // hold(): answer nothing more, keep every connection open
    Script script;
    std::vector<int> served;  // per rule: requests answered so far
    std::vector<LoggedRequest> log;
    int next_seq = 0;
    int open = 0;
    int most_open = 0;
    int busy_slots = 0;

    double elapsed_ms() const {
        return std::chrono::duration<double, std::milli>(Clock::now() - started).count();
    }

    // Sleeps up to `ms`; returns false early when the server stops. A held server keeps the
    // caller here until it stops, as llama-server does after SIGTERM.
    bool pause(int ms) {
        std::unique_lock lock(mutex);
        if (ms > 0) {
            wake.wait_for(lock, std::chrono::milliseconds(ms),
                          [this] { return is_stopping || is_holding; });
        }
        wake.wait(lock, [this] { return is_stopping || !is_holding; });
        return !is_stopping;
    }

    bool take_slot() {
        std::unique_lock lock(mutex);
        wake.wait(lock, [this] {
            return is_stopping || options.slots <= 0 || busy_slots < options.slots;
        });
        if (is_stopping) {
            return false;
        }
        ++busy_slots;
        return true;
    }

    void give_slot() {
        {
            const std::lock_guard lock(mutex);
            --busy_slots;
        }
        wake.notify_all();
    }

    std::string model() const {
        const std::lock_guard lock(mutex);
        return script.model;
    }

    Capacity capacity() const {
        const std::lock_guard lock(mutex);
        return {.flavour = options.flavour,
                .slots = options.slots,
                .context = options.context,
                .has_slots_route = options.has_slots_route,
                .overflow_is_500 = options.overflow_is_500,
                .api_key = options.api_key,
                .busy = busy_slots,
                .model = script.model};
    }

    // Picks the rule and reply under the lock, so the nth matching request gets the nth reply.
    Rendered choose(const json& body, const RequestFacts& facts, LoggedRequest& entry) {
        const std::lock_guard lock(mutex);
        for (std::size_t i = 0; i < script.rules.size(); ++i) {
            const Rule& rule = script.rules[i];
            if (!matches(rule, facts)) {
                continue;
            }
            const int nth = served[i]++;
            entry.rule = rule.name;
            const int count = static_cast<int>(rule.replies.size());
            if (nth >= count && rule.errors_when_exhausted) {
                return script_error("fake_llm: rule '" + rule.name + "' has no reply left");
            }
            entry.reply_index = std::min(nth, count - 1);
            return render(rule.replies[static_cast<std::size_t>(entry.reply_index)], body, facts,
                          script.model);
        }
        if (script.fallback) {
            entry.rule = "fallback";
            return render(*script.fallback, body, facts, script.model);
        }
        return script_error("fake_llm: no script rule matches this request");
    }

    void record(LoggedRequest entry) {
        entry.done_ms = elapsed_ms();
        const std::lock_guard lock(mutex);
        if (!options.log_path.empty()) {
            // Best effort: a test log that cannot be written shows up as missing lines.
            (void)util::append_line_durable(options.log_path, entry.to_json().dump());
        }
        log.push_back(std::move(entry));
    }

    LoggedRequest arrive(const httplib::Request& request) {
        LoggedRequest entry{.arrived_ms = elapsed_ms(),
                            .method = request.method,
                            .path = request.path,
                            .agent = request.get_header_value("X-Rtlduet-Agent"),
                            .sample = parse_sample(request.get_header_value("X-Rtlduet-Sample")),
                            .authorization = request.get_header_value("Authorization"),
                            .body = json::parse(request.body, nullptr, false)};
        if (entry.body.is_discarded()) {
            entry.body = nullptr;
        }
        const std::lock_guard lock(mutex);
        entry.seq = next_seq++;
        return entry;
    }

    void handle_chat(const httplib::Request& request, httplib::Response& response) {
        LoggedRequest entry = arrive(request);
        {
            const std::lock_guard lock(mutex);
            most_open = std::max(most_open, ++open);
        }
        Rendered answer;
        bool holds_slot = false;
        const auto refused = refusal(entry.body, entry.authorization, capacity());
        if (!pause(0)) {
            answer = {.status = 503, .body = R"({"error":{"message":"stopping"}})"};
        } else if (refused) {
            answer = *refused;
        } else if (take_slot()) {
            auto [last_user, assistant_messages] = history_facts(entry.body);
            const RequestFacts facts{.agent = entry.agent,
                                     .sample = entry.sample,
                                     .last_user_message = std::move(last_user),
                                     .assistant_messages = assistant_messages};
            try {
                answer = choose(entry.body, facts, entry);
                fit_reply(answer, entry.body, capacity());
            } catch (const json::exception& e) {
                answer = script_error(std::string("fake_llm: bad scripted reply: ") + e.what());
            }
            pause(options.latency_ms + answer.delay_ms);
            pause(answer.hang_ms);
            holds_slot = true;
        } else {
            answer = {.status = 503, .body = R"({"error":{"message":"stopping"}})"};
        }
        entry.status = answer.status;
        if (is_streamed(entry.body, answer)) {
            stream(response, answer, std::move(entry), holds_slot);
            return;
        }
        if (holds_slot) {
            give_slot();
        }
        response.status = answer.status;
        if (answer.retry_after) {
            response.set_header("Retry-After", *answer.retry_after);
        }
        response.set_content(answer.body, "application/json");
        finish(std::move(entry));
    }

    void finish(LoggedRequest entry) {
        {
            const std::lock_guard lock(mutex);
            --open;
        }
        record(std::move(entry));
    }

    // A request asking for a stream gets one when the answer is a reply with choices; errors
    // stay plain JSON, as llama-server sends them before the first token.
    static bool is_streamed(const json& request, const Rendered& answer) {
        if (answer.status != 200 || !request.is_object() ||
            request.value("stream", false) != true) {
            return false;
        }
        const json body = json::parse(answer.body, nullptr, false);
        return body.is_object() && body.contains("choices") && body["choices"].is_array() &&
               !body["choices"].empty();
    }

    // The events go out from httplib's content provider after this handler returns. The slot,
    // the open count and the log entry are settled before the last byte goes out (a client
    // holding the reply finds the request logged), or when the stream is cut.
    void stream(httplib::Response& response, const Rendered& answer, LoggedRequest entry,
                bool holds_slot) {
        const StreamFaults faults = parse_stream_faults(answer.stream);
        auto player = std::make_shared<EventPlayer>(
            sse_events(json::parse(answer.body), entry.body, faults), faults);
        auto settle = std::make_shared<std::function<void()>>(
            [this, entry = std::move(entry), holds_slot]() mutable {
                if (holds_slot) {
                    give_slot();
                }
                finish(std::move(entry));
            });
        const auto settle_once = [settle] {
            if (*settle) {
                std::exchange(*settle, nullptr)();
            }
        };
        response.status = 200;
        response.set_header("X-Accel-Buffering", "no");
        response.set_chunked_content_provider(
            "text/event-stream",
            [this, player, settle_once](std::size_t, httplib::DataSink& sink) {
                const auto step = player->next(
                    [&sink](const std::string& event) {
                        return sink.is_writable() && sink.write(event.data(), event.size());
                    },
                    [this](int ms) { return pause(ms); });
                if (step == EventPlayer::Step::Done) {
                    settle_once();
                    sink.done();
                }
                return step != EventPlayer::Step::Cut;
            },
            [settle_once](bool) { settle_once(); });
    }

    // A GET (or the Ollama POST) answered without the script; nullopt is a 404.
    void handle_route(const httplib::Request& request, httplib::Response& response,
                      const std::optional<Rendered>& answer) {
        LoggedRequest entry = arrive(request);
        const Rendered sent = answer.value_or(Rendered{
            .status = 404,
            .body =
                R"({"error":{"message":"File Not Found","type":"not_found_error","code":404}})"});
        response.status = sent.status;
        response.set_content(sent.body, "application/json");
        entry.status = sent.status;
        record(std::move(entry));
    }

    void handle_get(const httplib::Request& request, httplib::Response& response,
                    const std::optional<json>& body) {
        handle_route(request, response,
                     body ? std::optional(Rendered{.body = body->dump()}) : std::nullopt);
    }
};

FakeLlmServer::FakeLlmServer(ServerOptions options) : state_(std::make_unique<State>()) {
    state_->options = std::move(options);
    State* state = state_.get();
    state->server.new_task_queue = [] { return new httplib::ThreadPool(kServerThreads); };
    const auto chat = [state](const httplib::Request& request, httplib::Response& response) {
        state->handle_chat(request, response);
    };
    const auto models = [state](const httplib::Request& request, httplib::Response& response) {
        state->handle_get(request, response, model_list(state->model(), state->capacity()));
    };
    const auto health = [state](const httplib::Request& request, httplib::Response& response) {
        state->handle_get(request, response, {{"status", "ok"}});
    };
    state->server.Post("/v1/chat/completions", chat);
    state->server.Post("/chat/completions", chat);
    state->server.Get("/v1/models", models);
    state->server.Get("/models", models);
    state->server.Get("/health", health);
    state->server.Get(
        "/props", [state](const httplib::Request& request, httplib::Response& response) {
            state->handle_get(request, response, props(state->model(), state->capacity()));
        });
    state->server.Get("/slots",
                      [state](const httplib::Request& request, httplib::Response& response) {
                          state->handle_route(request, response, slots(state->capacity()));
                      });
    state->server.Post("/api/show",
                       [state](const httplib::Request& request, httplib::Response& response) {
                           state->handle_get(request, response, ollama_show(state->capacity()));
                       });
}

FakeLlmServer::~FakeLlmServer() {
    stop();
}

util::Status FakeLlmServer::load_script(const std::string& json_text) {
    auto script = parse_script(json_text);
    if (!script) {
        return script.error();
    }
    const std::lock_guard lock(state_->mutex);
    state_->served.assign(script->rules.size(), 0);
    state_->script = std::move(*script);
    return {};
}

util::Status FakeLlmServer::load_script_file(const std::filesystem::path& path) {
    auto text = util::read_file(path);
    if (!text) {
        return text.error();
    }
    auto loaded = load_script(*text);
    if (!loaded) {
        return loaded.error().with_context(path.string());
    }
    return {};
}

util::Status FakeLlmServer::start() {
    const int wanted = state_->options.port;
    if (wanted > 0) {
        state_->port = state_->server.bind_to_port("127.0.0.1", wanted) ? wanted : -1;
    } else {
        state_->port = state_->server.bind_to_any_port("127.0.0.1");
    }
    if (state_->port <= 0) {
        return util::make_error(util::ErrorKind::Io,
                                "fake_llm: cannot bind 127.0.0.1:" + std::to_string(wanted));
    }
    state_->started = Clock::now();
    state_->thread = std::thread([state = state_.get()] { state->server.listen_after_bind(); });
    while (!state_->server.is_running()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return {};
}

void FakeLlmServer::hold() {
    {
        const std::lock_guard lock(state_->mutex);
        state_->is_holding = true;
    }
    state_->wake.notify_all();
}

void FakeLlmServer::stop() {
    {
        const std::lock_guard lock(state_->mutex);
        state_->is_stopping = true;
    }
    state_->wake.notify_all();
    if (state_->thread.joinable()) {
        state_->server.stop();
        state_->thread.join();
    }
}

int FakeLlmServer::port() const {
    return state_->port;
}

std::string FakeLlmServer::base_url() const {
    return "http://127.0.0.1:" + std::to_string(state_->port) + "/v1";
}

std::vector<LoggedRequest> FakeLlmServer::requests() const {
    std::vector<LoggedRequest> log;
    {
        const std::lock_guard lock(state_->mutex);
        log = state_->log;
    }
    std::sort(log.begin(), log.end(), [](const auto& a, const auto& b) { return a.seq < b.seq; });
    return log;
}

std::vector<LoggedRequest> FakeLlmServer::chat_requests() const {
    std::vector<LoggedRequest> chats;
    for (LoggedRequest& entry : requests()) {
        if (entry.path.find("chat/completions") != std::string::npos) {
            chats.push_back(std::move(entry));
        }
    }
    return chats;
}

int FakeLlmServer::max_concurrent() const {
    const std::lock_guard lock(state_->mutex);
    return state_->most_open;
}

int FakeLlmServer::requests_seen() const {
    const std::lock_guard lock(state_->mutex);
    return state_->next_seq;
}

}  // namespace rtlduet::fake_llm
