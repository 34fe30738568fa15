// flow/session.h: one conversation of one agent (a candidate slot) with the LLM, and the
// transcript that records every request and reply of a run as JSON lines.
#pragma once

#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "flow/agents.h"
#include "llm/chat_client.h"
#include "util/error.h"

namespace rtlduet::flow {

/// Appends one JSON line per exchange to transcript.jsonl as it happens, so memory stays flat
/// and an interrupted run keeps what it had. Each line holds only the messages the
/// conversation gained since its previous line, plus the reply (reasoning kept).
class Transcript {
public:
    explicit Transcript(std::filesystem::path path);
    util::Status record(int turn, const AgentDefinition& agent, int slot, std::string_view kind,
                        const std::vector<llm::Message>& new_messages, const llm::ChatReply& reply);
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
    std::mutex mutex_;
};

/// Token and time totals of one agent's requests in a turn.
struct AgentUsage {
    int requests = 0;
    int from_cache = 0;  // served from the reply cache or a recording
    long long prompt_tokens = 0;
    long long completion_tokens = 0;
    double llm_seconds = 0.0;
    int truncated = 0;
    void add(const llm::ChatReply& reply);
    void add(const AgentUsage& other);
};

/// Slots are numbered from 1 (docs/outputs.md); slot s asks as sample s - 1, which keeps its
/// seeds and cache keys.
class AgentSession {
public:
    AgentSession(const AgentDefinition& agent, llm::ChatClient& client, Transcript& transcript,
                 int slot, std::uint64_t seed);

    /// Sends `user_message` after the conversation so far; the reply is appended to it.
    util::Result<llm::ChatReply> ask(const std::string& user_message, int turn,
                                     std::string_view kind);

    const std::vector<llm::Message>& messages() const { return messages_; }
    /// Replaces the conversation (backtracking to the best pair's context).
    void reset_to(std::vector<llm::Message> messages) {
        messages_ = std::move(messages);
        recorded_ = 0;  // the slot's next transcript line carries the whole adopted context
    }
    /// Starts a new conversation with the system prompt only.
    void start(const std::string& system_prompt);
    const AgentUsage& usage() const { return usage_; }
    void clear_usage() { usage_ = {}; }
    int slot() const { return slot_; }

private:
    const AgentDefinition& agent_;
    llm::ChatClient& client_;
    Transcript& transcript_;
    int slot_;
    std::uint64_t seed_;
    int asked_ = 0;
    std::vector<llm::Message> messages_;
    std::size_t recorded_ = 0;  // messages already in the transcript
    AgentUsage usage_;
};

}  // namespace rtlduet::flow
