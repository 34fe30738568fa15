// flow/detail/budget.h: fitting a conversation into the context of the server's slot before it is
// sent: clamp max_tokens to what is left, else shorten the history to what the agent needs
// (the system prompt, the first request with the spec, the latest candidate's code, the
// message being sent). docs/endpoints.md, "Context budget".
#pragma once

#include <optional>
#include <vector>

#include "llm/chat_client.h"
#include "llm/extract.h"

namespace rtlduet::flow {

/// The smallest reply worth asking for; less room than this is a conversation that no longer
/// fits.
inline constexpr int kMinReplyTokens = 512;

/// The max_tokens to send after `messages`: `max_tokens`, lowered to what the client's known
/// context leaves; nullopt when less than a useful reply would be left.
std::optional<int> reply_room(const llm::ChatClient& client,
                              const std::vector<llm::Message>& messages, int max_tokens);

/// The system prompt, the first user message, the latest assistant message reduced to its
/// code block, and the last message (the one to send). Shorter conversations are returned
/// with their latest assistant message reduced the same way.
std::vector<llm::Message> shorten(const std::vector<llm::Message>& messages, llm::CodeKind code);

}  // namespace rtlduet::flow
