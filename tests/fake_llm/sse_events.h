// fake_llm/sse_events.h: a reply body turned into the server-sent events llama-server streams
// (role chunk, deltas of a few characters, finish chunk with an empty delta, the usage chunk
// of stream_options.include_usage, [DONE]), with the stream faults a script may ask for.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace rtlduet::fake_llm {

/// A reply's "stream" object (README.md): how the events come.
struct StreamFaults {
    int chunk_chars = 4;         // characters per delta (about a token)
    int chunk_delay_ms = 0;      // between events
    bool has_keepalive = false;  // a ":" comment line before every event
    int stall_after = -1;        // >= 0: after this many events, send nothing more
    int stall_ms = 60000;        // how long the stall lasts before the connection closes
    int error_after = -1;        // >= 0: after this many events, an error event, then close
};

/// The faults of a scripted reply's "stream" object.
StreamFaults parse_stream_faults(const nlohmann::json& stream);

/// The events ("data: ...\n\n" each, keep-alive comments included) of a 200 body.
std::vector<std::string> sse_events(const nlohmann::json& body, const nlohmann::json& request,
                                    const StreamFaults& faults);

/// The error event llama-server sends when generation fails after the stream started.
std::string sse_error_event();

/// Plays a reply's events one at a time with its faults: the delay before each, the stall, the
/// error event.
class EventPlayer {
public:
    enum class Step { More, Done, Cut };  // Cut: close the connection without an ending
    using Write = std::function<bool(const std::string&)>;  // false: the client went away
    using Pause = std::function<bool(int ms)>;  // false: the server is stopping (or holding)

    EventPlayer(std::vector<std::string> events, StreamFaults faults)
        : events_(std::move(events)), faults_(faults) {}
    Step next(const Write& write, const Pause& pause);

private:
    std::vector<std::string> events_;
    StreamFaults faults_;
    std::size_t at_ = 0;
};

}  // namespace rtlduet::fake_llm
