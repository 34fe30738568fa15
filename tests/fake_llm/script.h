// fake_llm/script.h: the fake endpoint's script: rules that match a request (agent, sample,
// history length, text of the last user message) to a sequence of replies, each reply possibly
// a fault.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/error.h"

namespace rtlduet::fake_llm {

/// One scripted answer. Everything but `content` is optional (see README.md).
struct ScriptedReply {
    nlohmann::json spec;  // the reply object as written in the script
};

struct Rule {
    std::string name;
    std::optional<std::string> agent;
    std::optional<int> sample;
    std::optional<int> assistant_messages;  // replies already in the request's history
    std::vector<std::string> contains;      // all must occur in the last user message
    std::vector<ScriptedReply> replies;
    bool errors_when_exhausted = false;  // "then": "error"; default "repeat" (the last reply)
};

struct Script {
    std::string model = "fake-llm";
    std::vector<Rule> rules;
    std::optional<ScriptedReply> fallback;
};

/// Parses a script; errors (kind Input) say which rule or field is wrong.
util::Result<Script> parse_script(const std::string& text);

/// What the server knows about a request when choosing a reply.
struct RequestFacts {
    std::string agent;
    std::optional<int> sample;
    std::string last_user_message;
    int assistant_messages = 0;
};

bool matches(const Rule& rule, const RequestFacts& facts);

/// An HTTP answer built from a scripted reply and the request body.
struct Rendered {
    int status = 200;
    std::string body;
    std::optional<std::string> retry_after;
    int delay_ms = 0;
    int hang_ms = 0;  // > 0: sleep this long (or until the server stops) before answering
    nlohmann::json stream = nlohmann::json::object();  // the reply's "stream" faults
};

Rendered render(const ScriptedReply& reply, const nlohmann::json& request,
                const RequestFacts& facts, const std::string& model);

/// The fake's tokenizer: about four characters per token.
int approx_tokens(std::string_view text);
/// The prompt tokens of a request: its messages counted as text.
int request_tokens(const nlohmann::json& request);

/// The answer when no rule matches or a rule ran out ("then": "error"): an HTTP 400.
Rendered script_error(const std::string& message);

}  // namespace rtlduet::fake_llm
