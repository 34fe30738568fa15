// llm/endpoint_pool.cpp: member choice, health and probe-back. A member is "up" or "down";
// down members get no requests while another member is up, and are probed with a cheap GET
// /models once their backoff has passed. When every member is down, requests still go to the
// one due first, so a pool of one behaves exactly like a single endpoint.
#include "llm/endpoint_pool.h"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "llm/chat_client.h"

namespace rtlduet::llm {
namespace {

constexpr std::string_view kSlotsFragment = "#slots=";
constexpr int kMaxSlots = 1024;

// A trailing slash is dropped: ".../v1/" and ".../v1" are one endpoint.
std::string without_trailing_slash(std::string_view url) {
    while (url.ends_with('/')) {
        url.remove_suffix(1);
    }
    return std::string(url);
}

}  // namespace

util::Result<EndpointAddress> parse_endpoint_address(std::string_view text) {
    const std::size_t hash = text.find('#');
    if (hash == std::string_view::npos) {
        return EndpointAddress{.base_url = without_trailing_slash(text)};
    }
    const std::string_view fragment = text.substr(hash);
    const std::string_view digits =
        fragment.substr(std::min(fragment.size(), kSlotsFragment.size()));
    int slots = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), slots);
    if (!fragment.starts_with(kSlotsFragment) || error != std::errc() ||
        end != digits.data() + digits.size() || slots < 1 || slots > kMaxSlots) {
        return util::make_error(
            util::ErrorKind::Usage,
            fmt::format("endpoint '{}': the only fragment is #slots=N with N from 1 to {}", text,
                        kMaxSlots));
    }
    return EndpointAddress{.base_url = without_trailing_slash(text.substr(0, hash)),
                           .slots = slots};
}

EndpointPool::EndpointPool(Transport& transport, util::Logger& log, const util::Clock& clock,
                           HealthPolicy policy)
    : transport_(transport), log_(log), clock_(clock), policy_(policy) {}

std::vector<std::size_t> EndpointPool::add(const std::vector<EndpointAddress>& addresses) {
    const std::lock_guard lock(mutex_);
    std::vector<std::size_t> ids;
    for (const EndpointAddress& address : addresses) {
        auto same = std::find_if(members_.begin(), members_.end(), [&](const Member& member) {
            return member.address.base_url == address.base_url;
        });
        if (same == members_.end()) {
            Member member{.address = address, .slots = address.slots.value_or(kDefaultSlots)};
            member.stats.base_url = address.base_url;
            members_.push_back(std::move(member));
            same = members_.end() - 1;
        } else if (address.slots) {
            same->slots = *address.slots;
        }
        const auto id = static_cast<std::size_t>(same - members_.begin());
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
            ids.push_back(id);
        }
    }
    return ids;
}

EndpointPool::Lease EndpointPool::lease(const std::vector<std::size_t>& members,
                                        const Endpoint& identity,
                                        std::optional<std::size_t> avoid) {
    probe_due(members, identity);
    const std::lock_guard lock(mutex_);
    const std::size_t id = choose(members, avoid);
    Member& member = members_[id];
    ++member.in_flight;
    ++member.stats.exchanges;
    return Lease(*this, id, member.address.base_url);
}

// Probes outside the lock: a member being probed is skipped by other threads meanwhile.
void EndpointPool::probe_due(const std::vector<std::size_t>& members, const Endpoint& identity) {
    std::vector<std::pair<std::size_t, std::string>> due;
    {
        const std::lock_guard lock(mutex_);
        // With every member down the next real request is the probe (a pool of one never
        // sends a probe).
        const bool is_any_up = std::any_of(members.begin(), members.end(),
                                           [this](std::size_t id) { return members_[id].is_up; });
        const util::TimePoint now = clock_.now();
        for (const std::size_t id : is_any_up ? members : std::vector<std::size_t>{}) {
            Member& member = members_[id];
            if (!member.is_up && !member.is_probing && member.retry_at <= now) {
                member.is_probing = true;
                due.emplace_back(id, member.address.base_url);
            }
        }
    }
    for (const auto& [id, base_url] : due) {
        Endpoint probe = identity;
        probe.base_url = base_url;
        const auto models = list_models(transport_, probe, policy_.probe_timeout);
        const std::lock_guard lock(mutex_);
        Member& member = members_[id];
        member.is_probing = false;
        if (member.is_up) {
            continue;  // a last-resort request brought it back meanwhile
        }
        if (models) {
            member.is_up = true;
            member.consecutive_faults = 0;
            log_.info("llm endpoint {} answers again: back in the pool", probe.base_url);
        } else {
            eject(member, models.error().message);
        }
    }
}

std::size_t EndpointPool::choose(const std::vector<std::size_t>& members,
                                 std::optional<std::size_t> avoid) const {
    // a is less loaded than b: in_flight / slots compared without division, then more free
    // slots, then the earlier member.
    auto is_less_loaded = [this](std::size_t a, std::size_t b) {
        const Member& x = members_[a];
        const Member& y = members_[b];
        const long lhs = static_cast<long>(x.in_flight) * y.slots;
        const long rhs = static_cast<long>(y.in_flight) * x.slots;
        if (lhs != rhs) {
            return lhs < rhs;
        }
        return x.slots - x.in_flight > y.slots - y.in_flight;
    };
    std::optional<std::size_t> best;
    for (const bool may_use_avoided : {false, true}) {
        for (const std::size_t id : members) {
            const bool is_avoided = avoid && *avoid == id && !may_use_avoided;
            if (members_[id].is_up && !is_avoided && (!best || is_less_loaded(id, *best))) {
                best = id;
            }
        }
        if (best) {
            return *best;
        }
    }
    // Every member is down: the one whose backoff ends first gets the request.
    return *std::min_element(members.begin(), members.end(), [this](std::size_t a, std::size_t b) {
        return members_[a].retry_at < members_[b].retry_at;
    });
}

void EndpointPool::eject(Member& member, std::string_view reason) {
    member.backoff = member.backoff == util::Duration::zero()
                         ? policy_.initial_backoff
                         : std::min(member.backoff * 2, policy_.max_backoff);
    member.retry_at = clock_.now() + member.backoff;
    member.stats.last_failure = std::string(reason);
    if (member.is_up) {
        member.is_up = false;
        ++member.stats.ejections;
        if (members_.size() > 1) {
            log_.warn("llm endpoint {} taken out of the pool for {:.1f} s: {}",
                      member.address.base_url, util::to_seconds(member.backoff), reason);
        }
    }
}

void EndpointPool::record(std::size_t id, ExchangeHealth health, std::string_view reason) {
    const std::lock_guard lock(mutex_);
    Member& member = members_[id];
    switch (health) {
        case ExchangeHealth::Answered:
            ++member.stats.answered;
            if (!member.is_up && members_.size() > 1) {
                log_.info("llm endpoint {} answers again: back in the pool",
                          member.address.base_url);
            }
            member.is_up = true;
            member.consecutive_faults = 0;
            member.backoff = {};
            return;
        case ExchangeHealth::Unreached:
            eject(member, reason);
            return;
        case ExchangeHealth::Faulty:
            if (++member.consecutive_faults >= policy_.failures_to_eject || !member.is_up) {
                eject(member, reason);
            }
            member.stats.last_failure = std::string(reason);
            return;
        case ExchangeHealth::Inconclusive:
            return;
    }
}

void EndpointPool::release(std::size_t id) {
    const std::lock_guard lock(mutex_);
    --members_[id].in_flight;
}

bool EndpointPool::has_other_up(const std::vector<std::size_t>& members, std::size_t except) const {
    const std::lock_guard lock(mutex_);
    return std::any_of(members.begin(), members.end(),
                       [&](std::size_t id) { return id != except && members_[id].is_up; });
}

int EndpointPool::total_slots(const std::vector<std::size_t>& members) const {
    const std::lock_guard lock(mutex_);
    int total = 0;
    for (const std::size_t id : members) {
        total += members_[id].slots;
    }
    return total;
}

std::size_t EndpointPool::size() const {
    const std::lock_guard lock(mutex_);
    return members_.size();
}

std::vector<MemberStats> EndpointPool::stats() const {
    const std::lock_guard lock(mutex_);
    std::vector<MemberStats> all;
    for (const Member& member : members_) {
        MemberStats stats = member.stats;
        stats.slots = member.slots;
        stats.is_up = member.is_up;
        all.push_back(std::move(stats));
    }
    return all;
}

std::string EndpointPool::describe_down(const std::vector<std::size_t>& members) const {
    const std::lock_guard lock(mutex_);
    std::vector<std::string> parts;
    for (const std::size_t id : members) {
        const Member& member = members_[id];
        if (!member.is_up) {
            parts.push_back(
                fmt::format("{} ({})", member.address.base_url, member.stats.last_failure));
        }
    }
    return fmt::format("{}", fmt::join(parts, "; "));
}

EndpointPool::Lease::Lease(EndpointPool& pool, std::size_t member, std::string base_url)
    : pool_(&pool), member_(member), base_url_(std::move(base_url)) {}

EndpointPool::Lease::Lease(Lease&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)),
      member_(other.member_),
      base_url_(std::move(other.base_url_)) {}

EndpointPool::Lease::~Lease() {
    if (pool_ != nullptr) {
        pool_->release(member_);
    }
}

void EndpointPool::Lease::report(ExchangeHealth health, std::string_view reason) {
    pool_->record(member_, health, reason);
}

}  // namespace rtlduet::llm
