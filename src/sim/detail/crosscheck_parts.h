// sim/detail/crosscheck_parts.h: the steps that the single cross-check and the batch share:
// the policy check, work directories, option plumbing, and judging one simulation against the
// model run on the same rows.
#pragma once

#include <filesystem>
#include <optional>

#include "sim/crosscheck.h"
#include "util/temp_dir.h"

namespace rtlduet::sim::detail {

/// A failed side decides the verdict (the RTL first); otherwise the comparison on `vectors`.
void judge(const CrosscheckRequest& request, const stimulus::VectorSet& vectors,
           const Simulation& simulation, const ModelRun& model, CrosscheckResult& result);

/// The rtl_error result when the RTL uses forbidden constructs; nullopt when it may be run.
util::Result<std::optional<CrosscheckResult>> refused_result(const CrosscheckRequest& request);

/// Everything but the design and its work directory.
SimulationOptions simulation_options_of(const CrosscheckOptions& options);

ModelOptions model_options_of(const CrosscheckRequest& request,
                              const std::filesystem::path& work_dir);

/// The work directory with its rtl/, confirm/ and model/ parts (kept with keep_work).
util::Result<util::TempDir> make_work_dir(const CrosscheckOptions& options);

/// The backend and stage times of `simulation`, and the model's time.
void record_simulation(const Simulation& simulation, const ModelRun& model,
                       CrosscheckResult& result);

}  // namespace rtlduet::sim::detail
