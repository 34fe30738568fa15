// llm/detail/stream.cpp: the SSE shape of llama.cpp, vLLM and Ollama
// (../shared/notes/llama-server-protocol.md, "Streaming (SSE) shape"): one "data: {json}"
// line per event, a blank line between events, ":" comment lines as keep-alives, "data:
// [DONE]" at the end; an error after the start is an {"error": ...} event with no [DONE].
#include "llm/detail/stream.h"

#include <map>

#include <nlohmann/json.hpp>

namespace rtlduet::llm::detail {
namespace {

using nlohmann::json;

constexpr std::string_view kData = "data:";
constexpr std::size_t kExcerpt = 300;

// The payload of a "data:" line, nullopt for comments, blank lines and other fields.
std::optional<std::string_view> data_of(std::string_view line) {
    if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
    }
    if (!line.starts_with(kData)) {
        return std::nullopt;
    }
    line.remove_prefix(kData.size());
    if (!line.empty() && line.front() == ' ') {
        line.remove_prefix(1);
    }
    return line;
}

void append_string(std::string& to, const json& object, const char* name) {
    const auto it = object.find(name);
    if (it != object.end() && it->is_string()) {
        to += it->get_ref<const std::string&>();
    }
}

util::Error stream_error(std::string message, std::string_view body) {
    return util::make_error(util::ErrorKind::Llm, std::move(message),
                            std::string(body.substr(0, kExcerpt)));
}

void take_choice(std::map<int, Choice>& choices, const json& choice) {
    if (!choice.is_object()) {
        return;
    }
    const auto index = choice.find("index");
    Choice& into =
        choices[index != choice.end() && index->is_number_integer() ? index->get<int>() : 0];
    if (const auto delta = choice.find("delta"); delta != choice.end() && delta->is_object()) {
        append_string(into.content, *delta, "content");
        append_string(into.reasoning, *delta, "reasoning_content");
        append_string(into.reasoning, *delta, "reasoning");
    }
    if (const auto finish = choice.find("finish_reason");
        finish != choice.end() && finish->is_string()) {
        into.finish_reason = finish->get<std::string>();
    }
}

bool has_text_delta(const json& chunk) {
    const auto choices = chunk.find("choices");
    if (choices == chunk.end() || !choices->is_array()) {
        return false;
    }
    for (const json& choice : *choices) {
        const json delta = choice.is_object() ? choice.value("delta", json()) : json();
        for (const char* field : {"content", "reasoning_content", "reasoning"}) {
            if (delta.is_object() && delta.contains(field) && delta[field].is_string() &&
                !delta[field].get_ref<const std::string&>().empty()) {
                return true;
            }
        }
    }
    return false;
}

}  // namespace

bool is_event_stream(std::string_view body) {
    const auto first = body.find_first_not_of(" \t\r\n");
    return first != std::string_view::npos &&
           (body.substr(first).starts_with(kData) || body[first] == ':');
}

util::Result<ParsedReply> parse_stream(std::string_view body) {
    ParsedReply reply;
    std::map<int, Choice> choices;
    bool is_done = false;
    for (std::size_t at = 0; at < body.size() && !is_done;) {
        const std::size_t end = std::min(body.find('\n', at), body.size());
        const auto data = data_of(body.substr(at, end - at));
        at = end + 1;
        if (!data || data->empty()) {
            continue;
        }
        if (*data == "[DONE]") {
            is_done = true;
            continue;
        }
        const json chunk = json::parse(*data, nullptr, false);
        if (!chunk.is_object()) {
            return stream_error("an event of the stream is not a JSON object", *data);
        }
        if (const auto error = chunk.find("error"); error != chunk.end() && !error->is_null()) {
            return stream_error("the server reported an error mid-stream: " + server_message(*data),
                                *data);
        }
        if (reply.served_llm.empty() && chunk.contains("model") && chunk["model"].is_string()) {
            reply.served_llm = chunk["model"].get<std::string>();
        }
        for (const json& choice : chunk.value("choices", json::array())) {
            take_choice(choices, choice);
        }
        if (const auto usage = chunk.find("usage"); usage != chunk.end() && usage->is_object()) {
            reply.usage = {.is_reported = true,
                           .prompt_tokens = usage->value("prompt_tokens", 0),
                           .completion_tokens = usage->value("completion_tokens", 0),
                           .total_tokens = usage->value("total_tokens", 0)};
        }
    }
    if (!is_done) {
        return stream_error("the stream ended before [DONE]",
                            body.substr(body.size() > kExcerpt ? body.size() - kExcerpt : 0));
    }
    if (choices.empty()) {
        return stream_error("the stream has no choices", body);
    }
    for (auto& [index, choice] : choices) {
        reply.choices.push_back(std::move(choice));
    }
    return reply;
}

int StreamMeter::feed(std::string_view piece) {
    pending_.append(piece);
    int deltas = 0;
    std::size_t at = 0;
    for (std::size_t end = pending_.find('\n'); end != std::string::npos;
         end = pending_.find('\n', at)) {
        const auto data = data_of(std::string_view(pending_).substr(at, end - at));
        at = end + 1;
        if (data && !data->empty() && *data != "[DONE]") {
            const json chunk = json::parse(*data, nullptr, false);
            deltas += chunk.is_object() && has_text_delta(chunk) ? 1 : 0;
        }
    }
    pending_.erase(0, at);
    return deltas;
}

}  // namespace rtlduet::llm::detail
