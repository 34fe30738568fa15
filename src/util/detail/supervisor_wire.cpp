// util/detail/supervisor_wire.cpp: the binary encoding of a RunPlan (little-endian lengths,
// no text parsing) and its transfer over a SOCK_SEQPACKET socket, one message per plan with
// the stdio descriptors attached as SCM_RIGHTS.
#include <cstring>
#include <sys/socket.h>
#include <unistd.h>

#include "util/detail/supervisor.h"

namespace rtlduet::util::detail {
namespace {

constexpr std::size_t kMaxPlanBytes = 4u << 20;

class Writer {
public:
    void number(std::uint64_t value) { bytes_.append(reinterpret_cast<const char*>(&value), 8); }
    void text(std::string_view value) {
        number(value.size());
        bytes_.append(value);
    }
    void texts(const std::vector<std::string>& values) {
        number(values.size());
        for (const std::string& value : values) {
            text(value);
        }
    }
    std::string take() { return std::move(bytes_); }

private:
    std::string bytes_;
};

class Reader {
public:
    explicit Reader(std::string_view bytes) : bytes_(bytes) {}
    bool number(std::uint64_t& value) {
        if (bytes_.size() < 8) {
            return false;
        }
        std::memcpy(&value, bytes_.data(), 8);
        bytes_.remove_prefix(8);
        return true;
    }
    bool text(std::string& value) {
        std::uint64_t size = 0;
        if (!number(size) || size > bytes_.size()) {
            return false;
        }
        value.assign(bytes_.substr(0, size));
        bytes_.remove_prefix(size);
        return true;
    }
    bool texts(std::vector<std::string>& values) {
        std::uint64_t count = 0;
        if (!number(count) || count > bytes_.size() / 8) {
            return false;
        }
        values.resize(count);
        for (std::string& value : values) {
            if (!text(value)) {
                return false;
            }
        }
        return true;
    }
    bool done() const { return bytes_.empty(); }

private:
    std::string_view bytes_;
};

// A message of `size` bytes at `data` with room for the three stdio descriptors.
struct StdioMessage {
    iovec part;
    alignas(cmsghdr) char control[CMSG_SPACE(3 * sizeof(int))] = {};
    msghdr header{};

    StdioMessage(char* data, std::size_t size) : part{data, size} {
        header.msg_iov = &part;
        header.msg_iovlen = 1;
        header.msg_control = control;
        header.msg_controllen = sizeof control;
    }
    StdioMessage(const StdioMessage&) = delete;
    StdioMessage& operator=(const StdioMessage&) = delete;
};

}  // namespace

std::string encode_plan(const RunPlan& plan) {
    Writer out;
    out.text(plan.program);
    out.texts(plan.argv);
    out.texts(plan.envp);
    out.text(plan.cwd);
    out.number(plan.limits.size());
    for (const LimitSetting& limit : plan.limits) {
        out.number(static_cast<std::uint64_t>(limit.resource));
        out.number(limit.value);
    }
    const std::uint64_t flags = (plan.drop_privileges ? 1u : 0u) | (plan.no_new_privs ? 2u : 0u) |
                                (plan.python_main ? 4u : 0u);
    out.number(flags);
    out.number(plan.uid);
    out.number(plan.gid);
    out.number(static_cast<std::uint64_t>(plan.deadline_ms));
    return out.take();
}

std::optional<RunPlan> decode_plan(std::string_view bytes) {
    Reader in(bytes);
    RunPlan plan;
    std::uint64_t count = 0;
    if (!in.text(plan.program) || !in.texts(plan.argv) || !in.texts(plan.envp) ||
        !in.text(plan.cwd) || !in.number(count) || count > 64) {
        return std::nullopt;
    }
    for (std::uint64_t i = 0; i < count; ++i) {
        std::uint64_t resource = 0;
        std::uint64_t value = 0;
        if (!in.number(resource) || !in.number(value)) {
            return std::nullopt;
        }
        plan.limits.push_back({static_cast<int>(resource), static_cast<rlim_t>(value)});
    }
    std::uint64_t flags = 0;
    std::uint64_t uid = 0;
    std::uint64_t gid = 0;
    std::uint64_t deadline = 0;
    if (!in.number(flags) || !in.number(uid) || !in.number(gid) || !in.number(deadline) ||
        !in.done() || plan.argv.empty()) {
        return std::nullopt;
    }
    plan.drop_privileges = (flags & 1u) != 0;
    plan.no_new_privs = (flags & 2u) != 0;
    plan.python_main = (flags & 4u) != 0;
    plan.uid = static_cast<std::uint32_t>(uid);
    plan.gid = static_cast<std::uint32_t>(gid);
    plan.deadline_ms = static_cast<std::int64_t>(deadline);
    return plan;
}

bool send_with_stdio(int socket_fd, std::string_view bytes, const int (&stdio)[3]) {
    StdioMessage message(const_cast<char*>(bytes.data()), bytes.size());
    cmsghdr* header = CMSG_FIRSTHDR(&message.header);
    header->cmsg_level = SOL_SOCKET;
    header->cmsg_type = SCM_RIGHTS;
    header->cmsg_len = CMSG_LEN(sizeof stdio);
    std::memcpy(CMSG_DATA(header), stdio, sizeof stdio);
    return ::sendmsg(socket_fd, &message.header, MSG_NOSIGNAL) ==
           static_cast<ssize_t>(bytes.size());
}

bool send_plan(int socket_fd, const RunPlan& plan, const int (&stdio)[3]) {
    return send_with_stdio(socket_fd, kRunMessage + encode_plan(plan), stdio);
}

std::optional<RunPlan> receive_plan(int socket_fd, int (&stdio)[3]) {
    stdio[0] = stdio[1] = stdio[2] = -1;
    const ssize_t size = ::recv(socket_fd, nullptr, 0, MSG_PEEK | MSG_TRUNC);
    if (size <= 0 || static_cast<std::size_t>(size) > kMaxPlanBytes) {
        return std::nullopt;
    }
    std::string bytes(static_cast<std::size_t>(size), '\0');
    StdioMessage message(bytes.data(), bytes.size());
    if (::recvmsg(socket_fd, &message.header, MSG_CMSG_CLOEXEC) != size) {
        return std::nullopt;
    }
    const cmsghdr* header = CMSG_FIRSTHDR(&message.header);
    if (header == nullptr || header->cmsg_type != SCM_RIGHTS ||
        header->cmsg_len != CMSG_LEN(sizeof stdio)) {
        return std::nullopt;
    }
    std::memcpy(stdio, CMSG_DATA(header), sizeof stdio);
    if (bytes.front() != kRunMessage) {
        return std::nullopt;
    }
    return decode_plan(std::string_view(bytes).substr(1));
}

}  // namespace rtlduet::util::detail
