// cli/eval_progress.h: one plain stderr line per finished pair of `rtlduet eval`: the
// verdicts, the running pass@1 of the slice and an ETA from this session's pace.
#pragma once

#include <cstddef>
#include <vector>

#include "bench/eval_results.h"
#include "util/clock.h"
#include "util/logger.h"

namespace rtlduet::cli {

class EvalProgress {
public:
    /// `total` pairs in the slice, of which `earlier` were finished by earlier runs.
    EvalProgress(util::Logger& log, const util::Clock& clock, std::size_t total,
                 const std::vector<bench::EvalRecord>& earlier);

    /// Called once per finished pair, never concurrently.
    void finished(const bench::EvalRecord& record);

private:
    void count(const bench::EvalRecord& record);

    util::Logger& log_;
    const util::Clock& clock_;
    util::TimePoint started_;
    std::size_t total_;
    std::size_t done_ = 0;     // in the slice, earlier runs included
    std::size_t session_ = 0;  // finished by this run
    int passes_ = 0;
    int scored_ = 0;  // not skipped
};

}  // namespace rtlduet::cli
