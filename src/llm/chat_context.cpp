// llm/chat_context.cpp: what ChatClient knows of the server's context: the slot size (given,
// discovered or learned from a refusal), the estimate of a request's prompt tokens calibrated
// on what the server counted, and whether a reply cut at "length" was cut by the slot.
#include <algorithm>

#include "llm/chat_client.h"

namespace rtlduet::llm {
namespace {

constexpr int kTokensPerMessage = 8;  // role markers of the chat template
constexpr int kTokensPerRequest = 16;

std::size_t content_bytes(const std::vector<Message>& messages) {
    std::size_t bytes = 0;
    for (const Message& message : messages) {
        bytes += message.content.size();
    }
    return bytes;
}

}  // namespace

std::optional<int> ChatClient::context() const {
    const std::lock_guard lock(mutex_);
    return learned_context_ ? learned_context_ : config_.context;
}

int ChatClient::estimate_tokens(const std::vector<Message>& messages) const {
    const std::size_t bytes = content_bytes(messages);
    const std::lock_guard lock(mutex_);
    return static_cast<int>(static_cast<double>(bytes) * tokens_per_byte_) + kTokensPerRequest +
           kTokensPerMessage * static_cast<int>(messages.size());
}

// Calibrates the estimate on what the server counted, and takes the context an overflow
// refusal names (it is the truth, whatever --context or discovery said).
void ChatClient::learn(const std::vector<Message>& messages, const ChatReply& reply) {
    int counted = 0;  // the prompt tokens the server counted; 0: it did not say
    if (reply.overflow) {
        counted = reply.overflow->prompt_tokens.value_or(0);
    } else if (reply.usage.is_reported) {
        counted = reply.usage.prompt_tokens;
    }
    const std::size_t bytes = content_bytes(messages);
    const std::lock_guard lock(mutex_);
    if (reply.overflow && reply.overflow->context) {
        learned_context_ = reply.overflow->context;
    }
    if (counted > 0 && bytes > 0) {
        const int overhead =
            kTokensPerRequest + kTokensPerMessage * static_cast<int>(messages.size());
        const double observed =
            static_cast<double>(std::max(0, counted - overhead)) / static_cast<double>(bytes);
        // Never below the observed rate: an underestimate is what overflows a slot.
        tokens_per_byte_ = std::clamp(std::max(tokens_per_byte_, observed), 0.1, 2.0);
    }
}

void ChatClient::mark_truncation(ChatReply& reply) const {
    if (reply.finish_reason != "length") {
        return;
    }
    const std::optional<int> slot = context();
    const Usage& usage = reply.usage;
    // A reply that stopped short of max_tokens was stopped by the slot; one that fills the
    // slot too, whatever max_tokens said.
    const bool fills_slot = usage.is_reported && slot && usage.total_tokens >= *slot - 1;
    const bool is_short = usage.is_reported && usage.completion_tokens < reply.max_tokens;
    reply.truncation = fills_slot || is_short ? Truncation::Context : Truncation::MaxTokens;
}

}  // namespace rtlduet::llm
