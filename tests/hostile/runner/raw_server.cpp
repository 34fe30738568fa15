// hostile/runner/raw_server.cpp: a one-thread poll() loop over a listening socket, its
// connections and a wake-up pipe; connections are only closed when the server stops.
#include "hostile/runner/raw_server.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace rtlduet::hostile {
namespace {

util::Error socket_error(const char* what) {
    return util::make_error(util::ErrorKind::Io, std::string(what) + ": " + std::strerror(errno));
}

// Binds a TCP socket to 127.0.0.1 on an ephemeral port; returns the descriptor.
util::Result<int> bind_loopback(int* port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return socket_error("socket");
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        ::close(fd);
        return socket_error("bind");
    }
    *port = ntohs(address.sin_port);
    return fd;
}

struct Connection {
    int fd = -1;
    std::string head;
    bool has_replied = false;
};

}  // namespace

RawServer::~RawServer() {
    stop();
}

util::Status RawServer::start(std::string reply) {
    reply_ = std::move(reply);
    auto listener = bind_loopback(&port_);
    if (!listener) {
        return listener.error();
    }
    listener_ = *listener;
    if (::listen(listener_, 16) != 0 || ::pipe2(wake_, O_CLOEXEC) != 0) {
        return socket_error("listen");
    }
    thread_ = std::jthread([this] { serve(); });
    return {};
}

void RawServer::stop() {
    if (thread_.joinable()) {
        const char byte = 0;
        [[maybe_unused]] const auto written = ::write(wake_[1], &byte, 1);
        thread_.join();
    }
    for (int* fd : {&listener_, &wake_[0], &wake_[1]}) {
        if (*fd >= 0) {
            ::close(*fd);
            *fd = -1;
        }
    }
}

void RawServer::serve() {
    std::vector<Connection> connections;
    for (;;) {
        std::vector<pollfd> fds = {{wake_[0], POLLIN, 0}, {listener_, POLLIN, 0}};
        for (const Connection& connection : connections) {
            fds.push_back({connection.fd, POLLIN, 0});
        }
        if (::poll(fds.data(), fds.size(), -1) < 0 && errno != EINTR) {
            break;
        }
        if (fds[0].revents != 0) {
            break;
        }
        if (fds[1].revents & POLLIN) {
            const int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd >= 0) {
                connections.push_back({.fd = fd});
            }
        }
        for (std::size_t i = 0; i < connections.size(); ++i) {
            Connection& connection = connections[i];
            if ((fds[i + 2].revents & (POLLIN | POLLHUP)) == 0) {
                continue;
            }
            char buffer[4096];
            const ssize_t got = ::read(connection.fd, buffer, sizeof(buffer));
            if (got <= 0) {
                continue;  // the client left; keep the descriptor until stop() like the rest
            }
            connection.head.append(buffer, static_cast<std::size_t>(got));
            if (!connection.has_replied && connection.head.find("\r\n\r\n") != std::string::npos) {
                connection.has_replied = true;
                [[maybe_unused]] const auto sent =
                    ::send(connection.fd, reply_.data(), reply_.size(), MSG_NOSIGNAL);
            }
        }
        // A client that left shows POLLHUP forever: drop those to keep poll() from spinning.
        std::erase_if(connections, [&](const Connection& connection) {
            char probe = 0;
            const bool is_gone = ::recv(connection.fd, &probe, 1, MSG_PEEK | MSG_DONTWAIT) == 0;
            if (is_gone) {
                ::close(connection.fd);
            }
            return is_gone;
        });
    }
    for (const Connection& connection : connections) {
        ::close(connection.fd);
    }
}

util::Result<int> closed_port() {
    int port = 0;
    auto fd = bind_loopback(&port);
    if (!fd) {
        return fd.error();
    }
    ::close(*fd);
    return port;
}

}  // namespace rtlduet::hostile
