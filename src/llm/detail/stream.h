// llm/detail/stream.h: replies streamed as server-sent events (stream: true with
// stream_options.include_usage): the whole stream turned into the reply a non-streamed
// request gets, and a meter that counts tokens while the events arrive.
#pragma once

#include <string>
#include <string_view>

#include "llm/detail/wire.h"
#include "util/error.h"

namespace rtlduet::llm::detail {

/// Whether a 200 body is an event stream rather than one JSON reply (a server may answer a
/// streamed request with plain JSON, as llama.cpp does for errors before the first token).
bool is_event_stream(std::string_view body);

/// The reply of a whole stream: choices assembled from their deltas by index (role chunks and
/// empty finish deltas carry no text), reasoning deltas kept apart, the usage chunk read,
/// comment lines (keep-alives) skipped. Errors (kind Llm): an error event mid-stream, a
/// stream that ended before [DONE], no choices.
util::Result<ParsedReply> parse_stream(std::string_view body);

/// Counts the text deltas of a stream as its pieces arrive: about one token each.
class StreamMeter {
public:
    /// Takes the next piece of the body; returns the deltas completed by it.
    int feed(std::string_view piece);

private:
    std::string pending_;  // the start of a line whose end has not arrived
};

}  // namespace rtlduet::llm::detail
