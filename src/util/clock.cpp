// util/clock.cpp: the real clock.
#include "util/clock.h"

#include <thread>

namespace rtlduet::util {

TimePoint SystemClock::now() const { return std::chrono::steady_clock::now(); }

void SystemClock::sleep_for(Duration duration) const { std::this_thread::sleep_for(duration); }

}  // namespace rtlduet::util
