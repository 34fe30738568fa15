// flow/session.cpp: agent conversations and the run transcript.
#include "flow/detail/session.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "flow/detail/budget.h"
#include "util/clock.h"
#include "util/files.h"

namespace rtlduet::flow {
namespace {

// Sends of one ask(): as is, a retry with a context the server named, shortened, fresh.
constexpr int kMaxSends = 4;
constexpr int kAsIs = 0;
constexpr int kShortened = 1;
constexpr int kFresh = 2;
constexpr int kExhausted = 3;

}  // namespace

Transcript::Transcript(std::filesystem::path path) : path_(std::move(path)) {}

util::Status Transcript::record(int turn, const AgentDefinition& agent, int slot,
                                std::string_view kind,
                                const std::vector<llm::Message>& new_messages,
                                const llm::ChatReply& reply, bool is_shortened) {
    nlohmann::json messages = nlohmann::json::array();
    for (const llm::Message& message : new_messages) {
        messages.push_back({{"role", message.role}, {"content", message.content}});
    }
    const nlohmann::json line = {
        {"turn", turn},
        {"agent", to_string(agent.role)},
        {"slot", slot},
        {"kind", kind},
        {"messages", messages},
        {"reply", reply.content},
        {"reasoning", reply.reasoning},
        {"finish_reason", reply.finish_reason},
        {"truncated", reply.is_truncated},
        {"shortened", is_shortened},
        {"seed", reply.seed},
        {"prompt_tokens", reply.usage.prompt_tokens},
        {"completion_tokens", reply.usage.completion_tokens},
        {"latency_ms",
         std::chrono::duration_cast<std::chrono::milliseconds>(reply.latency).count()},
        {"from_cache", reply.is_from_cache},
        {"cache_key", reply.cache_key},
        {"endpoint", reply.endpoint.empty() ? nlohmann::json() : nlohmann::json(reply.endpoint)},
    };
    const std::lock_guard lock(mutex_);
    return util::append_line_durable(
        path_, line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void AgentUsage::add(const llm::ChatReply& reply) {
    requests += 1;
    from_cache += reply.is_from_cache ? 1 : 0;
    prompt_tokens += reply.usage.prompt_tokens;
    completion_tokens += reply.usage.completion_tokens;
    llm_seconds += util::to_seconds(reply.latency);
    truncated += reply.is_truncated ? 1 : 0;
}

void AgentUsage::add(const AgentUsage& other) {
    requests += other.requests;
    from_cache += other.from_cache;
    prompt_tokens += other.prompt_tokens;
    completion_tokens += other.completion_tokens;
    llm_seconds += other.llm_seconds;
    truncated += other.truncated;
    shortened += other.shortened;
    restarted += other.restarted;
}

AgentSession::AgentSession(const AgentDefinition& agent, llm::ChatClient& client,
                           Transcript& transcript, util::Logger& log, int slot, std::uint64_t seed)
    : agent_(agent),
      client_(client),
      transcript_(transcript),
      log_(log),
      slot_(slot),
      seed_(seed) {}

void AgentSession::start(const std::string& system_prompt) {
    messages_ = {llm::Message{.role = "system", .content = system_prompt}};
    recorded_ = 0;
}

int AgentSession::max_tokens() const {
    return client_.config().overrides.max_tokens.value_or(agent_.sampling.max_tokens);
}

llm::CodeKind AgentSession::code_kind() const {
    return agent_.role == AgentRole::Rtl ? llm::CodeKind::Verilog : llm::CodeKind::Python;
}

llm::ChatRequest AgentSession::request(std::vector<llm::Message> messages, int max_tokens) const {
    // Every request of a slot gets its own seed, so a repeated prompt is a new sample.
    return {.agent = std::string(to_string(agent_.role)),
            .messages = std::move(messages),
            .sample = slot_ - 1,
            .temperature = agent_.sampling.temperature,
            .top_p = agent_.sampling.top_p,
            .max_tokens = agent_.sampling.max_tokens,
            .max_tokens_cap = max_tokens,
            .top_k = agent_.sampling.top_k,
            .min_p = agent_.sampling.min_p,
            .stop = agent_.sampling.stop,
            .seed = seed_ + static_cast<std::uint64_t>(asked_) * 1000003u};
}

llm::ChatRequest AgentSession::request_for(const std::string& user_message) const {
    std::vector<llm::Message> messages = messages_;
    messages.push_back({.role = "user", .content = user_message});
    const int room = reply_room(client_, messages, max_tokens()).value_or(max_tokens());
    return request(std::move(messages), room);
}

bool AgentSession::fits(const std::string& user_message) const {
    std::vector<llm::Message> messages = messages_;
    messages.push_back({.role = "user", .content = user_message});
    return reply_room(client_, shorten(messages, code_kind()), max_tokens()).has_value();
}

util::Result<llm::ChatReply> AgentSession::send(int max_tokens) {
    if (preloaded_) {
        llm::ChatReply reply = std::move(*preloaded_);
        preloaded_.reset();
        ++asked_;
        return reply;
    }
    const llm::ChatRequest sent = request(messages_, max_tokens);
    ++asked_;
    return client_.complete(sent);
}

util::Error AgentSession::does_not_fit() const {
    return util::make_error(
        util::ErrorKind::Llm,
        fmt::format("the {} conversation does not fit the server's context even started over: "
                    "about {} prompt tokens and a reply of at least {} in a slot of {} tokens",
                    agent_.name, client_.estimate_tokens(messages_),
                    std::min(max_tokens(), kMinReplyTokens),
                    client_.context() ? std::to_string(*client_.context()) : "unknown"),
        "hint: give the server a larger context per slot (llama-server -c, fewer --parallel "
        "slots; vLLM --max-model-len; Ollama OLLAMA_CONTEXT_LENGTH), or pass --context N if "
        "its slots hold more than it reports");
}

// The next, smaller form of the conversation: shortened, then the fresh start.
int AgentSession::shrink(int stage, std::string& kind, bool& is_shortened) {
    if (stage == kAsIs) {
        messages_ = shorten(messages_, code_kind());
        is_shortened = true;
        recorded_ = 0;
        return kShortened;
    }
    if (stage == kShortened && !fresh_start_.empty()) {
        log_.info(
            "{} slot {}: the conversation no longer fits the server's context; starting "
            "it over",
            agent_.name, slot_);
        messages_ = fresh_start_;
        kind = "restart";
        is_shortened = false;
        recorded_ = 0;
        return kFresh;
    }
    return kExhausted;
}

util::Result<llm::ChatReply> AgentSession::ask(const std::string& user_message, int turn,
                                               std::string_view kind) {
    messages_.push_back(llm::Message{.role = "user", .content = user_message});
    std::string sent_kind(kind);
    bool is_shortened = false;
    int stage = kAsIs;
    for (int sends = 0; sends < kMaxSends && stage != kExhausted;) {
        const std::optional<int> room = reply_room(client_, messages_, max_tokens());
        if (!room) {
            stage = shrink(stage, sent_kind, is_shortened);
            continue;
        }
        const std::optional<int> known_context = client_.context();
        auto reply = send(*room);
        ++sends;
        if (!reply) {
            return reply.error();
        }
        if (reply->overflow) {
            log_.warn("turn {}: {} slot {}: the server refused the request for its size ({})", turn,
                      agent_.name, slot_, reply->overflow->message);
            // A context the server just named is worth one more try at the same stage.
            if (client_.context() == known_context) {
                stage = shrink(stage, sent_kind, is_shortened);
            }
            continue;
        }
        usage_.add(*reply);
        usage_.shortened += is_shortened ? 1 : 0;
        usage_.restarted += sent_kind == "restart" ? 1 : 0;
        const std::vector<llm::Message> fresh(messages_.begin() + static_cast<long>(recorded_),
                                              messages_.end());
        messages_.push_back(llm::Message{.role = "assistant", .content = reply->text});
        recorded_ = messages_.size();
        if (auto written =
                transcript_.record(turn, agent_, slot_, sent_kind, fresh, *reply, is_shortened);
            !written) {
            return written.error();
        }
        return reply;
    }
    return does_not_fit();
}

util::Status prefetch_together(std::vector<AgentSession>& sessions,
                               const std::vector<std::string>& next_messages) {
    for (std::size_t first = 0; first < sessions.size();) {
        std::size_t end = first + 1;
        while (end < sessions.size() && next_messages[end] == next_messages[first] &&
               sessions[end].asked() == sessions[first].asked() &&
               sessions[end].messages() == sessions[first].messages() &&
               sessions[end].slot() == sessions[end - 1].slot() + 1) {
            ++end;
        }
        const int n = static_cast<int>(end - first);
        if (n > 1) {
            AgentSession& lead = sessions[first];
            auto replies = lead.client().complete_n(lead.request_for(next_messages[first]), n);
            if (!replies) {
                return replies.error();
            }
            for (int i = 0; i < n; ++i) {
                llm::ChatReply& reply = (*replies)[static_cast<std::size_t>(i)];
                if (!reply.overflow) {
                    sessions[first + static_cast<std::size_t>(i)].preload(std::move(reply));
                }
            }
        }
        first = end;
    }
    return {};
}

}  // namespace rtlduet::flow
