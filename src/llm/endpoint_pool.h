// llm/endpoint_pool.h: several servers behind one agent. Each request goes to the member with
// the least requests in flight relative to its slots; a member that fails is taken out, probed
// back in after a growing backoff, and the request is retried on the others (docs/cluster.md).
#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "llm/transport.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/logger.h"

namespace rtlduet::llm {

struct Endpoint;

/// Slots of a member nobody told us about: llama-server's default --parallel.
inline constexpr int kDefaultSlots = 4;

/// One server as the user names it: `URL` or `URL#slots=N`.
struct EndpointAddress {
    std::string base_url;      // without the fragment
    std::optional<int> slots;  // requests it processes at once, when known
    bool operator==(const EndpointAddress&) const = default;
};

/// Parses `URL[#slots=N]` (N from 1 to 1024); the URL itself is checked by the caller.
util::Result<EndpointAddress> parse_endpoint_address(std::string_view text);

struct HealthPolicy {
    int failures_to_eject = 3;  // consecutive 5xx / 429 / unusable replies
    util::Duration initial_backoff = std::chrono::seconds(1);
    util::Duration max_backoff = std::chrono::seconds(15);
    util::Duration probe_timeout = std::chrono::seconds(3);
};

/// What one exchange said about the member that served it.
enum class ExchangeHealth {
    Answered,      // a reply, or a rejection (4xx): the server is alive
    Unreached,     // refused, dropped, timed out: taken out at once
    Faulty,        // 5xx, 429, an unusable 200: taken out after failures_to_eject in a row
    Inconclusive,  // cancelled, or a failure of ours (bad URL): says nothing about the server
};

struct MemberStats {
    std::string base_url;
    int slots = 0;
    bool is_up = true;
    int exchanges = 0;  // sent to it, probes excluded
    int answered = 0;
    int ejections = 0;
    std::string last_failure;
};

/// Thread-safe; one per process, shared by every client so that load is counted once per server.
class EndpointPool {
public:
    EndpointPool(Transport& transport, util::Logger& log, const util::Clock& clock,
                 HealthPolicy policy = {});
    EndpointPool(const EndpointPool&) = delete;
    EndpointPool& operator=(const EndpointPool&) = delete;

    /// Adds servers (an URL already in the pool is that member; a given slot count wins) and
    /// returns their member ids, in order, without duplicates.
    std::vector<std::size_t> add(const std::vector<EndpointAddress>& addresses);

    /// Holds one request in flight on a member until destruction.
    class Lease {
    public:
        Lease(EndpointPool& pool, std::size_t member, std::string base_url);
        Lease(Lease&& other) noexcept;
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        Lease& operator=(Lease&&) = delete;
        ~Lease();

        std::size_t member() const { return member_; }
        const std::string& base_url() const { return base_url_; }
        /// Records the exchange's effect on the member's health.
        void report(ExchangeHealth health, std::string_view reason);

    private:
        EndpointPool* pool_;
        std::size_t member_;
        std::string base_url_;
    };

    /// The member of `members` with the least in flight relative to its slots among those up,
    /// preferring any other than `avoid`. Members whose backoff ended are probed first
    /// (GET {base}/models with `identity`'s key). When every member is down: the one due first.
    Lease lease(const std::vector<std::size_t>& members, const Endpoint& identity,
                std::optional<std::size_t> avoid = std::nullopt);
    /// Whether a member of `members` other than `except` is up.
    bool has_other_up(const std::vector<std::size_t>& members, std::size_t except) const;
    int total_slots(const std::vector<std::size_t>& members) const;
    std::size_t size() const;
    std::vector<MemberStats> stats() const;
    /// "URL: reason" for each member of `members` that is down.
    std::string describe_down(const std::vector<std::size_t>& members) const;

private:
    struct Member {
        EndpointAddress address;
        int slots = kDefaultSlots;
        int in_flight = 0;
        bool is_up = true;
        bool is_probing = false;
        int consecutive_faults = 0;
        util::Duration backoff{};
        util::TimePoint retry_at{};
        MemberStats stats;
    };

    void probe_due(const std::vector<std::size_t>& members, const Endpoint& identity);
    std::size_t choose(const std::vector<std::size_t>& members,
                       std::optional<std::size_t> avoid) const;
    void eject(Member& member, std::string_view reason);
    void record(std::size_t member, ExchangeHealth health, std::string_view reason);
    void release(std::size_t member);

    Transport& transport_;
    util::Logger& log_;
    const util::Clock& clock_;
    const HealthPolicy policy_;
    mutable std::mutex mutex_;
    std::vector<Member> members_;
};

}  // namespace rtlduet::llm
