// llm/transport.h: the HTTP seam of the LLM client. ChatClient speaks JSON over a Transport;
// the real one uses libcurl, tests substitute a fake that answers from memory.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/clock.h"

namespace rtlduet::llm {

struct HttpRequest {
    std::string method = "POST";  // "POST" or "GET"
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    util::Duration connect_timeout = std::chrono::seconds(5);
    util::Duration timeout = std::chrono::seconds(300);  // whole exchange, connect included
    const std::atomic<bool>* cancel = nullptr;           // set: abort the exchange soon
    // > 0: once the reply has started, this long without a byte is a stall (a server that
    // stopped but holds the connection). Waiting for the first byte is bounded by `timeout`.
    util::Duration stall_timeout{};
    std::function<void(std::string_view)> on_data;  // each piece of the body as it arrives
};

/// Why no HTTP status came back.
enum class NetFailure {
    None,
    Connect,    // refused, unresolvable, unreachable
    Dropped,    // the connection broke before a whole reply came
    Timeout,    // connect timeout or request deadline
    Cancelled,  // HttpRequest::cancel was set
    Stalled,    // no byte for HttpRequest::stall_timeout after the reply started
    Other,      // not worth retrying (bad URL, unsupported scheme, TLS setup)
};

struct HttpResponse {
    int status = 0;  // 0 when `failure` is not None
    NetFailure failure = NetFailure::None;
    std::string error;  // the transport's message when `failure` is set
    std::string body;
    std::optional<std::string> retry_after;  // the Retry-After header, as sent
};

/// Sends one HTTP exchange. Implementations are safe to call from several threads at once.
class Transport {
public:
    virtual ~Transport() = default;
    virtual HttpResponse send(const HttpRequest& request) = 0;
};

/// The libcurl transport (plain HTTP and HTTPS, no proxy from the environment for loopback).
std::unique_ptr<Transport> make_curl_transport();

}  // namespace rtlduet::llm
