// llm/detail/exchange.cpp: the retry loop over a pool. A failed exchange goes to another member
// at once while one is up; otherwise transient failures (no connection, a timeout, 408,
// 429, 5xx gateway errors, a 200 whose body is unusable) are retried with exponential backoff
// and jitter, or after Retry-After when the server sends one; a request the server rejects
// (other 4xx) fails at once. Every wait goes through util::Clock so tests run instantly.
#include "llm/detail/exchange.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <variant>

#include <fmt/format.h>

#include "llm/detail/stream.h"

namespace rtlduet::llm::detail {
namespace {

constexpr util::Duration kSleepSlice = std::chrono::milliseconds(200);
constexpr double kMaxRetryAfterSeconds = 86400;

// What one exchange means for the loop.
struct Retry {
    std::string reason;
    std::optional<util::Duration> retry_after;
};
using Outcome = std::variant<ParsedReply, ContextOverflow, Retry, util::Error>;

bool is_retryable_status(int status) {
    return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 ||
           status == 504;
}

std::string describe(const Endpoint& endpoint, std::string_view base_url) {
    return fmt::format("llm '{}' at {}", endpoint.llm.empty() ? "(default)" : endpoint.llm,
                       base_url);
}

Outcome classify(const HttpResponse& response, const ExchangeContext& ctx,
                 std::string_view base_url) {
    switch (response.failure) {
        case NetFailure::None:
            break;
        case NetFailure::Connect:
        case NetFailure::Dropped:
            return Retry{.reason = "no connection: " + response.error};
        case NetFailure::Timeout:
            return Retry{.reason = "no reply in time: " + response.error};
        case NetFailure::Stalled:
            return Retry{.reason = response.error};
        case NetFailure::Cancelled:
            return util::make_error(util::ErrorKind::Interrupted, "llm request cancelled");
        case NetFailure::Other:
            return util::make_error(
                util::ErrorKind::Llm,
                fmt::format("{}: {}", describe(ctx.endpoint, base_url), response.error));
    }
    if (response.status == 200) {
        auto parsed = is_event_stream(response.body) ? parse_stream(response.body)
                                                     : parse_reply(response.body);
        if (parsed) {
            return std::move(*parsed);
        }
        return Retry{.reason = "HTTP 200 but " + parsed.error().message};
    }
    if (auto overflow = parse_context_overflow(response.status, response.body)) {
        return std::move(*overflow);
    }
    const std::string message =
        fmt::format("HTTP {}: {}", response.status, server_message(response.body));
    if (is_retryable_status(response.status)) {
        return Retry{.reason = message,
                     .retry_after = response.retry_after ? parse_retry_after(*response.retry_after)
                                                         : std::nullopt};
    }
    return util::make_error(
        util::ErrorKind::Llm,
        fmt::format("{} rejected the request: {}", describe(ctx.endpoint, base_url), message),
        response.body.substr(0, 2000));
}

// What an exchange says about the server's health, for the pool.
std::pair<ExchangeHealth, std::string> health_of(const HttpResponse& response,
                                                 const Outcome& outcome) {
    switch (response.failure) {
        case NetFailure::None:
            break;
        case NetFailure::Connect:
        case NetFailure::Dropped:
        case NetFailure::Timeout:
        case NetFailure::Stalled:
            return {ExchangeHealth::Unreached, std::get<Retry>(outcome).reason};
        case NetFailure::Cancelled:
        case NetFailure::Other:
            return {ExchangeHealth::Inconclusive, ""};
    }
    if (const auto* retry = std::get_if<Retry>(&outcome)) {
        return {ExchangeHealth::Faulty, retry->reason};
    }
    return {ExchangeHealth::Answered, ""};
}

util::Duration backoff(const RetryPolicy& policy, int retry) {
    const double factor = std::pow(2.0, std::min(retry, 30));
    const auto grown = std::chrono::duration_cast<util::Duration>(policy.initial_backoff * factor);
    return std::min(grown, policy.max_backoff);
}

bool is_cancelled(const ExchangeContext& ctx) {
    return ctx.cancel != nullptr && ctx.cancel->load();
}

// Sleeps in slices so an interrupt is noticed within a fraction of a second.
void wait(const ExchangeContext& ctx, util::Duration delay) {
    const util::TimePoint until = ctx.clock.now() + delay;
    while (!is_cancelled(ctx)) {
        const util::Duration left = until - ctx.clock.now();
        if (left <= util::Duration::zero()) {
            return;
        }
        ctx.clock.sleep_for(std::min(left, kSleepSlice));
    }
}

HttpRequest chat_request(const ExchangeContext& ctx, const std::string& body,
                         const std::string& agent, int sample) {
    HttpRequest request{.method = "POST",
                        .headers = {{"Content-Type", "application/json"},
                                    {"X-Rtlduet-Agent", agent},
                                    {"X-Rtlduet-Sample", std::to_string(sample)}},
                        .body = body,
                        .connect_timeout = ctx.policy.connect_timeout,
                        .cancel = ctx.cancel,
                        .stall_timeout = ctx.policy.stall_timeout};
    if (!ctx.endpoint.api_key.empty()) {
        request.headers.emplace_back("Authorization", "Bearer " + ctx.endpoint.api_key);
    }
    return request;
}

// One exchange, with the observer told when it starts and as its stream arrives.
HttpResponse observed_send(const ExchangeContext& ctx, HttpRequest& request,
                           const std::string& agent, int sample) {
    if (ctx.observer == nullptr) {
        return ctx.transport.send(request);
    }
    StreamMeter meter;
    request.on_data = [&](std::string_view piece) {
        if (const int tokens = meter.feed(piece); tokens > 0) {
            ctx.observer->streamed(agent, sample, tokens);
        }
    };
    ctx.observer->started(agent, sample);
    HttpResponse response = ctx.transport.send(request);
    request.on_data = nullptr;
    return response;
}

struct Attempt {
    Outcome outcome;
    std::size_t member = 0;
    std::string base_url;
};

// One exchange with the member the pool picks, under one slot of the global cap.
Attempt send_once(const ExchangeContext& ctx, HttpRequest& request,
                  std::optional<util::TimePoint>& deadline, std::optional<std::size_t> avoid,
                  Exchange& exchange, const std::string& agent, int sample) {
    const std::string label = fmt::format("{}#{}", agent, sample);
    const InflightLimiter::Slot slot = ctx.limiter.acquire();
    EndpointPool::Lease lease = ctx.pool.lease(ctx.members, ctx.endpoint, avoid);
    request.url = endpoint_url(lease.base_url(), "chat/completions");
    const util::TimePoint start = ctx.clock.now();
    deadline = deadline.value_or(start + ctx.policy.total_budget);
    request.timeout = std::min(ctx.policy.request_timeout, *deadline - start);
    ctx.log.debug("llm {}: POST {} (exchange {})", label, request.url, exchange.attempts + 1);
    const HttpResponse response = observed_send(ctx, request, agent, sample);
    exchange.latency = ctx.clock.now() - start;
    ++exchange.attempts;
    Attempt attempt{.outcome = classify(response, ctx, lease.base_url()),
                    .member = lease.member(),
                    .base_url = lease.base_url()};
    const auto [health, reason] = health_of(response, attempt.outcome);
    lease.report(health, reason);
    if (ctx.observer != nullptr) {
        ctx.observer->ended(agent, sample,
                            std::holds_alternative<ParsedReply>(attempt.outcome) ||
                                std::holds_alternative<ContextOverflow>(attempt.outcome));
    }
    return attempt;
}

util::Error unusable(const ExchangeContext& ctx, const Exchange& exchange,
                     const std::string& base_url, const std::string& last_reason) {
    if (ctx.members.size() < 2) {
        return util::make_error(
            util::ErrorKind::Llm,
            fmt::format("{} unusable after {} attempt(s): {}", describe(ctx.endpoint, base_url),
                        exchange.attempts, last_reason));
    }
    const std::string down = ctx.pool.describe_down(ctx.members);
    return util::make_error(
        util::ErrorKind::Llm,
        fmt::format("llm '{}': no endpoint of the pool of {} answered after {} exchange(s): {}",
                    ctx.endpoint.llm.empty() ? "(default)" : ctx.endpoint.llm, ctx.members.size(),
                    exchange.attempts, down.empty() ? base_url + " (" + last_reason + ")" : down));
}

}  // namespace

util::Result<Exchange> post_chat(const ExchangeContext& ctx, const std::string& body,
                                 const std::string& agent, int sample) {
    HttpRequest request = chat_request(ctx, body, agent, sample);
    const std::string label = fmt::format("{}#{}", agent, sample);
    const int max_attempts = 1 + std::max(0, ctx.policy.retries);
    const std::size_t max_failovers = 2 * ctx.members.size();
    std::size_t failovers = 0;
    std::optional<util::TimePoint> deadline;
    std::optional<std::size_t> last_member;
    std::string last_url;
    std::string last_reason;
    Exchange exchange;
    for (int attempt = 1;;) {
        if (is_cancelled(ctx)) {
            return util::make_error(util::ErrorKind::Interrupted, "llm request cancelled");
        }
        Attempt tried = send_once(ctx, request, deadline, last_member, exchange, agent, sample);
        if (auto* reply = std::get_if<ParsedReply>(&tried.outcome)) {
            exchange.reply = std::move(*reply);
            exchange.retries = exchange.attempts - 1;
            exchange.endpoint = tried.base_url;
            return exchange;
        }
        if (auto* overflow = std::get_if<ContextOverflow>(&tried.outcome)) {
            ctx.log.debug("llm {}: refused for its size: {}", label, overflow->message);
            exchange.overflow = std::move(*overflow);
            exchange.retries = exchange.attempts - 1;
            exchange.endpoint = tried.base_url;
            return exchange;
        }
        if (auto* error = std::get_if<util::Error>(&tried.outcome)) {
            return *error;
        }
        const Retry& retry = std::get<Retry>(tried.outcome);
        last_member = tried.member;
        last_url = tried.base_url;
        last_reason = retry.reason;
        if (failovers < max_failovers && ctx.pool.has_other_up(ctx.members, tried.member)) {
            ++failovers;
            ctx.log.warn("llm {}: {}: {}; retrying on another endpoint", label, tried.base_url,
                         retry.reason);
            continue;
        }
        if (attempt == max_attempts) {
            break;
        }
        const util::Duration delay =
            retry.retry_after.value_or(ctx.jitter(backoff(ctx.policy, attempt - 1)));
        if (ctx.clock.now() + delay >= *deadline) {
            last_reason += " (total time budget spent)";
            break;
        }
        ctx.log.warn("llm {}: {}; retrying in {:.1f} s (attempt {}/{})", label, retry.reason,
                     util::to_seconds(delay), attempt + 1, max_attempts);
        wait(ctx, delay);
        ++attempt;
    }
    return unusable(ctx, exchange, last_url, last_reason);
}

std::optional<util::Duration> parse_retry_after(std::string_view value) {
    while (!value.empty() && (value.front() == ' ' || value.back() == ' ')) {
        value = value.front() == ' ' ? value.substr(1) : value.substr(0, value.size() - 1);
    }
    double seconds = -1;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (error != std::errc() || end != value.data() + value.size() || !(seconds >= 0) ||
        seconds > kMaxRetryAfterSeconds) {
        return std::nullopt;
    }
    return std::chrono::duration_cast<util::Duration>(std::chrono::duration<double>(seconds));
}

std::string endpoint_url(std::string_view base_url, std::string_view path) {
    std::string url(base_url);
    while (!url.empty() && url.back() == '/') {
        url.pop_back();
    }
    return url + "/" + std::string(path);
}

}  // namespace rtlduet::llm::detail
