// llm/inflight_limiter.cpp: a counting semaphore that also remembers its peak, so tests and
// benchmarks can show the global cap held.
#include <algorithm>

#include "llm/chat_client.h"

namespace rtlduet::llm {

InflightLimiter::InflightLimiter(int max_inflight) : capacity_(std::max(1, max_inflight)) {}

InflightLimiter::Slot::~Slot() {
    if (limiter_ != nullptr) {
        limiter_->release();
    }
}

InflightLimiter::Slot InflightLimiter::acquire() {
    std::unique_lock lock(mutex_);
    freed_.wait(lock, [this] { return in_use_ < capacity_; });
    ++in_use_;
    peak_ = std::max(peak_, in_use_);
    return Slot(*this);
}

int InflightLimiter::peak() const {
    const std::lock_guard lock(mutex_);
    return peak_;
}

void InflightLimiter::release() {
    {
        const std::lock_guard lock(mutex_);
        --in_use_;
    }
    freed_.notify_one();
}

}  // namespace rtlduet::llm
