// llm/detail/exchange.cpp: the retry loop. Transient failures (no connection, a timeout, 408,
// 429, 5xx gateway errors, a 200 whose body is unusable) are retried with exponential backoff
// and jitter, or after Retry-After when the server sends one; a request the server rejects
// (other 4xx) fails at once. Every wait goes through util::Clock so tests run instantly.
#include "llm/detail/exchange.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <variant>

#include <fmt/format.h>

namespace rtlduet::llm::detail {
namespace {

constexpr util::Duration kSleepSlice = std::chrono::milliseconds(200);
constexpr double kMaxRetryAfterSeconds = 86400;

// What one exchange means for the loop.
struct Retry {
    std::string reason;
    std::optional<util::Duration> retry_after;
};
using Outcome = std::variant<ParsedReply, Retry, util::Error>;

bool is_retryable_status(int status) {
    return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 ||
           status == 504;
}

std::string describe(const Endpoint& endpoint) {
    return fmt::format("llm '{}' at {}", endpoint.llm.empty() ? "(default)" : endpoint.llm,
                       endpoint.base_url);
}

Outcome classify(const HttpResponse& response, const ExchangeContext& ctx) {
    switch (response.failure) {
        case NetFailure::None:
            break;
        case NetFailure::Connect:
        case NetFailure::Dropped:
            return Retry{.reason = "no connection: " + response.error};
        case NetFailure::Timeout:
            return Retry{.reason = "no reply in time: " + response.error};
        case NetFailure::Cancelled:
            return util::make_error(util::ErrorKind::Interrupted, "llm request cancelled");
        case NetFailure::Other:
            return util::make_error(util::ErrorKind::Llm,
                                    fmt::format("{}: {}", describe(ctx.endpoint), response.error));
    }
    if (response.status == 200) {
        auto parsed = parse_reply(response.body);
        if (parsed) {
            return std::move(*parsed);
        }
        return Retry{.reason = "HTTP 200 but " + parsed.error().message};
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
        fmt::format("{} rejected the request: {}", describe(ctx.endpoint), message),
        response.body.substr(0, 2000));
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
                        .url = endpoint_url(ctx.endpoint.base_url, "chat/completions"),
                        .headers = {{"Content-Type", "application/json"},
                                    {"X-Rtlduet-Agent", agent},
                                    {"X-Rtlduet-Sample", std::to_string(sample)}},
                        .body = body,
                        .connect_timeout = ctx.policy.connect_timeout,
                        .cancel = ctx.cancel};
    if (!ctx.endpoint.api_key.empty()) {
        request.headers.emplace_back("Authorization", "Bearer " + ctx.endpoint.api_key);
    }
    return request;
}

}  // namespace

util::Result<Exchange> post_chat(const ExchangeContext& ctx, const std::string& body,
                                 const std::string& agent, int sample) {
    HttpRequest request = chat_request(ctx, body, agent, sample);
    const std::string label = fmt::format("{}#{}", agent, sample);
    const int max_attempts = 1 + std::max(0, ctx.policy.retries);
    std::optional<util::TimePoint> deadline;
    std::string last_reason;
    Exchange exchange;
    for (int attempt = 1; attempt <= max_attempts; ++attempt) {
        if (is_cancelled(ctx)) {
            return util::make_error(util::ErrorKind::Interrupted, "llm request cancelled");
        }
        HttpResponse response;
        {
            const InflightLimiter::Slot slot = ctx.limiter.acquire();
            const util::TimePoint start = ctx.clock.now();
            deadline = deadline.value_or(start + ctx.policy.total_budget);
            request.timeout = std::min(ctx.policy.request_timeout, *deadline - start);
            ctx.log.debug("llm {}: POST {} (attempt {}/{})", label, request.url, attempt,
                          max_attempts);
            response = ctx.transport.send(request);
            exchange.latency = ctx.clock.now() - start;
        }
        exchange.attempts = attempt;
        Outcome outcome = classify(response, ctx);
        if (auto* reply = std::get_if<ParsedReply>(&outcome)) {
            exchange.reply = std::move(*reply);
            exchange.retries = attempt - 1;
            return exchange;
        }
        if (auto* error = std::get_if<util::Error>(&outcome)) {
            return *error;
        }
        const Retry& retry = std::get<Retry>(outcome);
        last_reason = retry.reason;
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
    }
    return util::make_error(util::ErrorKind::Llm,
                            fmt::format("{} unusable after {} attempt(s): {}",
                                        describe(ctx.endpoint), exchange.attempts, last_reason));
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
