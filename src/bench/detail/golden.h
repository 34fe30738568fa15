// bench/detail/golden.h: learns how a problem is scored by running its golden reference as
// the candidate (which simulator works, the sample count N a pass must print), and caches
// that on disk keyed by testbench, reference, overrides and simulator versions.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "bench/detail/simulate.h"
#include "bench/score.h"

namespace rtlduet::bench::detail {

/// A problem's testbench and reference texts, plus the compatibility testbench if any.
struct ProblemTexts {
    std::string test;
    std::string ref;
    std::optional<std::string> hoisted_test;
};

util::Result<ProblemTexts> read_problem_texts(const Problem& problem);

/// Writes cand.sv, test.sv, ref.sv (and test_compat.sv) into a fresh work directory.
util::Status write_work_files(const std::filesystem::path& dir, const ProblemTexts& texts,
                              std::string_view candidate);

/// The reference with module RefModule renamed TopModule: a candidate that must pass.
std::string golden_candidate(std::string_view ref);

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
