// bench/detail/golden.h: learns how a problem is scored by running its golden reference as
// the candidate (which simulator works, the sample count N a pass must print), and caches
// that on disk keyed by the problem's files, overrides and simulator versions.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "bench/detail/simulate.h"
#include "bench/detail/work_files.h"
#include "bench/score.h"

namespace rtlduet::bench::detail {

/// Learns the plan in `dir` (a fresh work directory).
util::Result<ProblemPlan> learn_plan(const util::Sandbox& sandbox, const Toolchain& tools,
                                     const ProblemTexts& texts, const ProblemOverride& overrides,
                                     const std::filesystem::path& dir,
                                     const FlowSettings& settings);

std::string plan_cache_key(const ProblemTexts& texts, const ProblemOverride& overrides,
                           const Toolchain& tools);
std::optional<ProblemPlan> load_cached_plan(const std::filesystem::path& cache_dir,
                                            const std::string& key);
util::Status store_cached_plan(const std::filesystem::path& cache_dir, const std::string& key,
                               const ProblemPlan& plan);

}  // namespace rtlduet::bench::detail
