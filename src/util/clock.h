// util/clock.h: time as a service, so deadlines and backoff can be tested with a fake clock.
#pragma once

#include <chrono>

namespace rtlduet::util {

using Duration = std::chrono::steady_clock::duration;
using TimePoint = std::chrono::steady_clock::time_point;

class Clock {
public:
    virtual ~Clock() = default;
    virtual TimePoint now() const = 0;
    virtual void sleep_for(Duration duration) const = 0;
};

class SystemClock final : public Clock {
public:
    TimePoint now() const override;
    void sleep_for(Duration duration) const override;
};

inline double to_seconds(Duration duration) {
    return std::chrono::duration<double>(duration).count();
}

}  // namespace rtlduet::util
