// fake_llm/sse_events.cpp: the event stream of one reply, in llama-server's shape
// (../shared/notes/llama-server-protocol.md, "Streaming (SSE) shape"): choices one after the
// other, each with its own role and finish chunk, then one [DONE].
#include "fake_llm/sse_events.h"

#include <algorithm>

namespace rtlduet::fake_llm {
namespace {

using nlohmann::json;

std::string event(const json& chunk) {
    return "data: " + chunk.dump() + "\n\n";
}

json chunk_of(const json& body, json choice) {
    return {{"choices", json::array({std::move(choice)})},
            {"created", 0},
            {"id", body.value("id", "chatcmpl-fake")},
            {"model", body.value("model", "")},
            {"object", "chat.completion.chunk"}};
}

void add_deltas(std::vector<std::string>& events, const json& body, int index,
                const std::string& field, const std::string& text, int chunk_chars) {
    const auto step = static_cast<std::size_t>(std::max(1, chunk_chars));
    for (std::size_t at = 0; at < text.size(); at += step) {
        events.push_back(event(chunk_of(body, {{"index", index},
                                               {"finish_reason", nullptr},
                                               {"delta", {{field, text.substr(at, step)}}}})));
    }
}

}  // namespace

StreamFaults parse_stream_faults(const json& stream) {
    StreamFaults faults;
    if (!stream.is_object()) {
        return faults;
    }
    faults.chunk_chars = stream.value("chunk_chars", faults.chunk_chars);
    faults.chunk_delay_ms = stream.value("chunk_delay_ms", faults.chunk_delay_ms);
    faults.has_keepalive = stream.value("keepalive", false);
    faults.stall_after = stream.value("stall_after", -1);
    faults.stall_ms = stream.value("stall_ms", faults.stall_ms);
    faults.error_after = stream.value("error_after", -1);
    return faults;
}

std::vector<std::string> sse_events(const json& body, const json& request,
                                    const StreamFaults& faults) {
    std::vector<std::string> events;
    for (const json& choice : body.value("choices", json::array())) {
        const int index = choice.value("index", 0);
        const json& message = choice.at("message");
        events.push_back(
            event(chunk_of(body, {{"index", index},
                                  {"finish_reason", nullptr},
                                  {"delta", {{"role", "assistant"}, {"content", nullptr}}}})));
        for (const char* field : {"reasoning_content", "reasoning"}) {
            if (message.contains(field) && message[field].is_string()) {
                add_deltas(events, body, index, field, message[field], faults.chunk_chars);
            }
        }
        add_deltas(events, body, index, "content", message.value("content", ""),
                   faults.chunk_chars);
        events.push_back(
            event(chunk_of(body, {{"index", index},
                                  {"finish_reason", choice.value("finish_reason", "stop")},
                                  {"delta", json::object()}})));
    }
    const json options = request.value("stream_options", json::object());
    if (options.is_object() && options.value("include_usage", false) && body.contains("usage")) {
        json usage = chunk_of(body, nullptr);
        usage["choices"] = json::array();
        usage["usage"] = body["usage"];
        events.push_back(event(usage));
    }
    events.push_back("data: [DONE]\n\n");
    if (faults.has_keepalive) {
        std::vector<std::string> with_pings;
        for (std::string& one : events) {
            with_pings.push_back(":\n\n");
            with_pings.push_back(std::move(one));
        }
        events = std::move(with_pings);
    }
    return events;
}

std::string sse_error_event() {
    return event({{"error",
                   {{"code", 500},
                    {"message",
                     "The model produced output that does not match the expected peg-native "
                     "format"},
                    {"type", "server_error"}}}});
}

EventPlayer::Step EventPlayer::next(const Write& write, const Pause& pause) {
    const int sent = static_cast<int>(at_);
    if (sent == faults_.stall_after) {
        pause(faults_.stall_ms);
        return Step::Cut;
    }
    if (sent == faults_.error_after) {
        // llama-server ends the stream after the error event, with no [DONE].
        return write(sse_error_event()) ? Step::Done : Step::Cut;
    }
    if (at_ >= events_.size()) {
        return Step::Done;
    }
    if (sent > 0 && !pause(faults_.chunk_delay_ms)) {
        return Step::Cut;
    }
    return write(events_[at_++]) ? Step::More : Step::Cut;
}

}  // namespace rtlduet::fake_llm
