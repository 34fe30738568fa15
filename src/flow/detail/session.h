// flow/detail/session.h: one conversation of one agent (a candidate slot) with the LLM, and the
// transcript that records every request and reply of a run as JSON lines.
#pragma once

#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "flow/agents.h"
#include "flow/settings.h"
#include "llm/chat_client.h"
#include "llm/extract.h"
#include "util/error.h"
#include "util/logger.h"

namespace rtlduet::flow {

/// Appends one JSON line per exchange to transcript.jsonl as it happens, so memory stays flat
/// and an interrupted run keeps what it had. Each line holds only the messages the
/// conversation gained since its previous line, plus the reply (reasoning kept).
class Transcript {
public:
    explicit Transcript(std::filesystem::path path);
    util::Status record(int turn, const AgentDefinition& agent, int slot, std::string_view kind,
                        const std::vector<llm::Message>& new_messages, const llm::ChatReply& reply,
                        bool is_shortened);
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
    std::mutex mutex_;
};

/// Slots are numbered from 1 (docs/outputs.md); slot s asks as sample s - 1, which keeps its
/// seeds and cache keys.
class AgentSession {
public:
    AgentSession(const AgentDefinition& agent, llm::ChatClient& client, Transcript& transcript,
                 util::Logger& log, int slot, std::uint64_t seed);

    /// Sends `user_message` after the conversation so far; the reply is appended to it. The
    /// request is fitted to the server's context first: max_tokens clamped, else the history
    /// shortened, else the conversation restarted from the fresh start (kind "restart"). An
    /// error (kind Llm) when even the fresh start does not fit.
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
    /// The conversation a restart begins with: system prompt and first request.
    void set_fresh_start(std::vector<llm::Message> messages) { fresh_start_ = std::move(messages); }
    /// Whether `user_message` after the conversation fits the context, shortened or not.
    bool fits(const std::string& user_message) const;
    /// The reply the next ask() uses instead of a request (one choice of a native fan-out).
    void preload(llm::ChatReply reply) { preloaded_ = std::move(reply); }
    /// The request ask() would send for `user_message` now, unfitted (for native fan-out).
    llm::ChatRequest request_for(const std::string& user_message) const;

    const AgentUsage& usage() const { return usage_; }
    void clear_usage() { usage_ = {}; }
    int slot() const { return slot_; }
    int asked() const { return asked_; }
    llm::ChatClient& client() const { return client_; }

private:
    llm::ChatRequest request(std::vector<llm::Message> messages, int max_tokens) const;
    int max_tokens() const;
    llm::CodeKind code_kind() const;
    util::Result<llm::ChatReply> send(int max_tokens);
    util::Error does_not_fit() const;
    int shrink(int stage, std::string& kind, bool& is_shortened);

    const AgentDefinition& agent_;
    llm::ChatClient& client_;
    Transcript& transcript_;
    util::Logger& log_;
    int slot_;
    std::uint64_t seed_;
    int asked_ = 0;
    std::vector<llm::Message> messages_;
    std::vector<llm::Message> fresh_start_;
    std::optional<llm::ChatReply> preloaded_;
    std::size_t recorded_ = 0;  // messages already in the transcript
    AgentUsage usage_;
};

/// Native fan-out: the next requests of consecutive slots that would send the same request
/// but for the sample (same conversation, same message, same count of requests so far) go as
/// one request with "n"; each slot gets its choice preloaded for its next ask(). Choices the
/// server refused for their size are left to ask on their own.
util::Status prefetch_together(std::vector<AgentSession>& sessions,
                               const std::vector<std::string>& next_messages);

}  // namespace rtlduet::flow
