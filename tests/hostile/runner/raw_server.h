// hostile/runner/raw_server.h: endpoint faults below HTTP that the scripted fake server cannot
// show: a server that sends fixed bytes (say, headers and half a body) and then holds the
// connection open without a word, and a loopback port where nothing listens.
#pragma once

#include <atomic>
#include <string>
#include <thread>

#include "util/error.h"

namespace rtlduet::hostile {

class RawServer {
public:
    RawServer() = default;
    ~RawServer();
    RawServer(const RawServer&) = delete;
    RawServer& operator=(const RawServer&) = delete;

    /// Listens on 127.0.0.1 (an ephemeral port); every connection gets `reply` once the
    /// request's head has arrived, then stays open and silent until stop().
    util::Status start(std::string reply);
    void stop();
    int port() const { return port_; }

private:
    void serve();

    std::string reply_;
    int listener_ = -1;
    int port_ = 0;
    int wake_[2] = {-1, -1};  // a pipe: stop() writes to it to end serve()
    std::jthread thread_;
};

/// A loopback port nothing listens on (bound, then released).
util::Result<int> closed_port();

}  // namespace rtlduet::hostile
