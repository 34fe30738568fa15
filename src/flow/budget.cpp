// flow/budget.cpp: the context budget of one request. Token counts are the client's estimate,
// which errs high and is calibrated on what the server reports.
#include "flow/detail/budget.h"

#include <algorithm>

namespace rtlduet::flow {
namespace {

constexpr int kSafetyTokens = 16;

std::string fenced(std::string_view code, llm::CodeKind kind) {
    return std::string(kind == llm::CodeKind::Verilog ? "```verilog\n" : "```python\n") +
           std::string(code) + "```";
}

}  // namespace

std::optional<int> reply_room(const llm::ChatClient& client,
                              const std::vector<llm::Message>& messages, int max_tokens) {
    const std::optional<int> context = client.context();
    if (!context) {
        return max_tokens;
    }
    const int room = *context - client.estimate_tokens(messages) - kSafetyTokens;
    if (room < std::min(max_tokens, kMinReplyTokens)) {
        return std::nullopt;
    }
    return std::min(max_tokens, room);
}

std::vector<llm::Message> shorten(const std::vector<llm::Message>& messages, llm::CodeKind code) {
    std::vector<llm::Message> kept;
    const auto latest_answer =
        std::find_if(messages.rbegin(), messages.rend(),
                     [](const llm::Message& message) { return message.role == "assistant"; });
    for (std::size_t i = 0; i < messages.size(); ++i) {
        const bool is_head = i < 2 && messages[i].role != "assistant";
        const bool is_last = i + 1 == messages.size();
        const bool is_latest_answer =
            latest_answer != messages.rend() && &messages[i] == &*latest_answer;
        if (is_latest_answer) {
            const auto extracted = llm::extract_code(messages[i].content, code);
            kept.push_back({.role = "assistant",
                            .content = extracted ? fenced(*extracted, code)
                                                 : "(the previous answer had no code block)"});
        } else if (is_head || is_last) {
            kept.push_back(messages[i]);
        }
    }
    return kept;
}

}  // namespace rtlduet::flow
