// flow/detail/sim_work.h: what every tool run of the flow shares: one of the process's
// simulation slots (SimSettings::sim_slots), held for the lifetime of a simulation, a model
// run or a synthesis check, and an empty work directory for it.
#pragma once

#include <filesystem>
#include <semaphore>
#include <system_error>

#include "flow/detail/candidates.h"
#include "util/files.h"

namespace rtlduet::flow::detail {

class SimSlot {
public:
    explicit SimSlot(const SimSettings& settings) : slots_(settings.sim_slots.get()) {
        if (slots_ != nullptr) {
            slots_->acquire();
        }
    }
    SimSlot(const SimSlot&) = delete;
    SimSlot& operator=(const SimSlot&) = delete;
    ~SimSlot() {
        if (slots_ != nullptr) {
            slots_->release();
        }
    }

private:
    std::counting_semaphore<>* slots_;  // null: no cap
};

/// An empty `dir` (what an earlier attempt left there is removed).
inline util::Status fresh_directory(const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    return util::make_directories(dir);
}

}  // namespace rtlduet::flow::detail
