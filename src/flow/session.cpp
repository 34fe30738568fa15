// flow/session.cpp: agent conversations and the run transcript.
#include "flow/session.h"

#include <nlohmann/json.hpp>

#include "util/clock.h"
#include "util/files.h"

namespace rtlduet::flow {

Transcript::Transcript(std::filesystem::path path) : path_(std::move(path)) {}

util::Status Transcript::record(int turn, const AgentDefinition& agent, int slot,
                                std::string_view kind,
                                const std::vector<llm::Message>& new_messages,
                                const llm::ChatReply& reply) {
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
}

AgentSession::AgentSession(const AgentDefinition& agent, llm::ChatClient& client,
                           Transcript& transcript, int slot, std::uint64_t seed)
    : agent_(agent), client_(client), transcript_(transcript), slot_(slot), seed_(seed) {}

void AgentSession::start(const std::string& system_prompt) {
    messages_ = {llm::Message{.role = "system", .content = system_prompt}};
    recorded_ = 0;
}

util::Result<llm::ChatReply> AgentSession::ask(const std::string& user_message, int turn,
                                               std::string_view kind) {
    messages_.push_back(llm::Message{.role = "user", .content = user_message});
    // Every request of a slot gets its own seed, so a repeated prompt is a new sample.
    const llm::ChatRequest request{.agent = std::string(to_string(agent_.role)),
                                   .messages = messages_,
                                   .sample = slot_ - 1,
                                   .temperature = agent_.sampling.temperature,
                                   .top_p = agent_.sampling.top_p,
                                   .max_tokens = agent_.sampling.max_tokens,
                                   .seed = seed_ + static_cast<std::uint64_t>(asked_) * 1000003u};
    ++asked_;
    auto reply = client_.complete(request);
    if (!reply) {
        messages_.pop_back();
        return reply.error();
    }
    usage_.add(*reply);
    const std::vector<llm::Message> fresh(messages_.begin() + static_cast<long>(recorded_),
                                          messages_.end());
    messages_.push_back(llm::Message{.role = "assistant", .content = reply->text});
    recorded_ = messages_.size();
    if (auto written = transcript_.record(turn, agent_, slot_, kind, fresh, *reply); !written) {
        return written.error();
    }
    return reply;
}

}  // namespace rtlduet::flow
