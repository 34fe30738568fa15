// fake_llm/script.cpp: parsing the script and turning a scripted reply into an HTTP answer,
// including the faults real servers show (errors under 200, cut bodies, ignored n, reasoning).
#include "fake_llm/script.h"

#include <algorithm>

namespace rtlduet::fake_llm {
namespace {

using nlohmann::json;

constexpr int kDefaultHangMs = 60'000;

util::Error script_input_error(const std::string& message) {
    return util::make_error(util::ErrorKind::Input, "fake_llm script: " + message);
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (std::size_t at = text.find(from); at != std::string::npos;
         at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
    return text;
}

std::string fill(std::string text, const json& request, const RequestFacts& facts, int choice) {
    const json seed = request.is_object() ? request.value("seed", json()) : json();
    text = replace_all(std::move(text), "{agent}", facts.agent);
    text =
        replace_all(std::move(text), "{sample}", facts.sample ? std::to_string(*facts.sample) : "");
    text = replace_all(std::move(text), "{seed}", seed.is_null() ? "" : seed.dump());
    return replace_all(std::move(text), "{choice}", std::to_string(choice));
}

json choice_json(const json& spec, const json& request, const RequestFacts& facts, int index) {
    std::string content = spec.value("content", "");
    if (const auto choices = spec.find("choices");
        choices != spec.end() && choices->is_array() && !choices->empty()) {
        content = (*choices)[static_cast<std::size_t>(index) % choices->size()].get<std::string>();
    }
    json message = {{"role", "assistant"}, {"content", fill(content, request, facts, index)}};
    for (const char* field : {"reasoning_content", "reasoning"}) {
        if (spec.contains(field)) {
            message[field] = spec[field];
        }
    }
    return {{"index", index},
            {"finish_reason", spec.value("finish_reason", "stop")},
            {"message", std::move(message)}};
}

json reply_body(const json& spec, const json& request, const RequestFacts& facts,
                const std::string& model) {
    if (const auto error = spec.find("error"); error != spec.end()) {
        const json object = error->is_object() ? *error : json{{"message", *error}};
        return {{"error", object}};
    }
    const int asked = request.is_object() ? request.value("n", 1) : 1;
    const bool honours_n = spec.value("n", "honour") != "ignore";
    const int count = spec.value("empty_choices", false) ? 0 : (honours_n ? std::max(1, asked) : 1);
    json choices = json::array();
    int completion_tokens = 0;
    for (int i = 0; i < count; ++i) {
        choices.push_back(choice_json(spec, request, facts, i));
        completion_tokens = approx_tokens(choices.back()["message"]["content"].get<std::string>());
    }
    json body = {{"id", "chatcmpl-fake"},
                 {"object", "chat.completion"},
                 {"model", spec.value("model", model)},
                 {"choices", std::move(choices)}};
    if (spec.value("usage", true)) {
        const int prompt_tokens = request_tokens(request);
        body["usage"] = {{"prompt_tokens", prompt_tokens},
                         {"completion_tokens", completion_tokens},
                         {"total_tokens", prompt_tokens + completion_tokens}};
    }
    return body;
}

util::Result<Rule> parse_rule(const json& object, std::size_t index) {
    const std::string where = "rule " + std::to_string(index);
    if (!object.is_object()) {
        return script_input_error(where + " is not an object");
    }
    Rule rule{.name = object.value("name", where)};
    if (object.contains("agent")) {
        rule.agent = object["agent"].get<std::string>();
    }
    if (object.contains("sample")) {
        rule.sample = object["sample"].get<int>();
    }
    if (object.contains("assistant_messages")) {
        rule.assistant_messages = object["assistant_messages"].get<int>();
    }
    if (const auto contains = object.find("contains"); contains != object.end()) {
        if (contains->is_string()) {
            rule.contains.push_back(contains->get<std::string>());
        } else {
            rule.contains = contains->get<std::vector<std::string>>();
        }
    }
    const auto replies = object.find("replies");
    if (replies == object.end() || !replies->is_array() || replies->empty()) {
        return script_input_error(where + " needs a non-empty \"replies\" list");
    }
    for (const json& reply : *replies) {
        if (!reply.is_object()) {
            return script_input_error(where + ": every reply is an object");
        }
        rule.replies.push_back({reply});
    }
    const std::string then = object.value("then", "repeat");
    if (then != "repeat" && then != "error") {
        return script_input_error(where + ": \"then\" is \"repeat\" or \"error\"");
    }
    rule.errors_when_exhausted = then == "error";
    return rule;
}

}  // namespace

util::Result<Script> parse_script(const std::string& text) {
    const json root = json::parse(text, nullptr, false);
    if (root.is_discarded() || !root.is_object()) {
        return script_input_error("not a JSON object");
    }
    Script script;
    try {
        script.model = root.value("model", script.model);
        for (std::size_t i = 0; i < root.value("rules", json::array()).size(); ++i) {
            auto rule = parse_rule(root["rules"][i], i);
            if (!rule) {
                return rule.error();
            }
            script.rules.push_back(std::move(*rule));
        }
        if (const auto fallback = root.find("fallback"); fallback != root.end()) {
            script.fallback = ScriptedReply{*fallback};
        }
    } catch (const json::exception& e) {
        return script_input_error(std::string("a field has the wrong type: ") + e.what());
    }
    return script;
}

bool matches(const Rule& rule, const RequestFacts& facts) {
    if (rule.agent && *rule.agent != facts.agent) {
        return false;
    }
    if (rule.sample && rule.sample != facts.sample) {
        return false;
    }
    if (rule.assistant_messages && *rule.assistant_messages != facts.assistant_messages) {
        return false;
    }
    return std::all_of(rule.contains.begin(), rule.contains.end(), [&](const std::string& text) {
        return facts.last_user_message.find(text) != std::string::npos;
    });
}

Rendered render(const ScriptedReply& reply, const json& request, const RequestFacts& facts,
                const std::string& model) {
    const json& spec = reply.spec;
    Rendered out{.status = spec.value("status", 200),
                 .delay_ms = spec.value("delay_ms", 0),
                 .hang_ms = spec.value("hang", false) ? spec.value("hang_ms", kDefaultHangMs) : 0,
                 .stream = spec.value("stream", json::object())};
    if (const auto retry_after = spec.find("retry_after"); retry_after != spec.end()) {
        out.retry_after =
            retry_after->is_string() ? retry_after->get<std::string>() : retry_after->dump();
    }
    if (spec.contains("body")) {
        out.body = spec["body"].get<std::string>();
    } else if (out.status != 200 && !spec.contains("error")) {
        out.body = json{{"error",
                         {{"code", out.status},
                          {"message", "fake_llm: scripted HTTP " + std::to_string(out.status)}}}}
                       .dump();
    } else {
        out.body = reply_body(spec, request, facts, model).dump();
    }
    if (spec.contains("truncate")) {
        out.body.resize(std::min(out.body.size(), spec["truncate"].get<std::size_t>()));
    }
    return out;
}

int approx_tokens(std::string_view text) {
    return static_cast<int>((text.size() + 3) / 4);
}

// The prompt is the messages, as a server renders them: the other fields (stream, sampling,
// max_tokens) take no room in the context, so the count does not depend on them.
int request_tokens(const json& request) {
    return approx_tokens(request.value("messages", json::array()).dump());
}

Rendered script_error(const std::string& message) {
    const json body = {
        {"error", {{"code", 400}, {"message", message}, {"type", "invalid_request_error"}}}};
    return {.status = 400, .body = body.dump()};
}

}  // namespace rtlduet::fake_llm
