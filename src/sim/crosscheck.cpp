// sim/crosscheck.cpp: what every cross-check shares (the policy check, work directories,
// judging a simulation against a model run) and the batch of one turn's designs; the single
// pair's pipeline is in sim/crosscheck_single.cpp.
#include "sim/crosscheck.h"

#include <algorithm>
#include <chrono>
#include <future>

#include <fmt/format.h>

#include "sim/batch.h"
#include "sim/confirm.h"
#include "sim/detail/crosscheck_parts.h"
#include "sim/waveform.h"
#include "util/files.h"
#include "util/temp_dir.h"

namespace rtlduet::sim {
namespace {

std::string first_line(std::string_view text) {
    return std::string(text.substr(0, text.find('\n')));
}

std::string model_error_reason(const ModelError& error) {
    std::string reason = "the model failed (" + std::string(to_string(error.kind)) + ")";
    if (error.row) {
        reason += fmt::format(" at row {}", *error.row);
    }
    return reason + ": " + first_line(error.message);
}

// Agreement needs no mismatch and a run that exercised something.
void judge_comparison(CrosscheckResult& result) {
    const Comparison& comparison = result.comparison;
    if (comparison.mismatching_values > 0) {
        const Mismatch& first = comparison.mismatches.front();
        result.verdict = Verdict::Disagree;
        result.reason = fmt::format(
            "{} of {} compared rows differ; first at row {} ({}-edge): {} is {} in the RTL, "
            "{} in the model",
            comparison.mismatching_rows, comparison.compared_rows, first.row,
            first.phase == Phase::PreEdge ? "pre" : "post", first.signal, first.rtl, first.model);
        return;
    }
    if (comparison.exercise.is_vacuous) {
        result.verdict = Verdict::Disagree;
        result.reason = fmt::format("vacuous run, not an agreement: {}",
                                    fmt::join(comparison.exercise.vacuity, "; "));
        return;
    }
    result.verdict = Verdict::Agree;
    result.reason = fmt::format("all {} compared rows agree", comparison.compared_rows);
}

}  // namespace

namespace detail {

// A failed side decides the verdict (the RTL first); otherwise the comparison does.
void judge(const CrosscheckRequest& request, const stimulus::VectorSet& vectors,
           const Simulation& simulation, const ModelRun& model, CrosscheckResult& result) {
    result.rtl_failure = simulation.failure;
    result.model_error = model.error;
    if (result.rtl_failure && result.rtl_failure->timed_out) {
        result.verdict = Verdict::Timeout;
        result.timeout_stage = result.rtl_failure->stage;
        result.reason = fmt::format(
            "timed out in the {} stage: {} (a deadline, not a verdict on "
            "the design; --timeout S allows more)",
            result.timeout_stage, result.rtl_failure->message);
        return;
    }
    if (result.model_error && result.model_error->kind == ModelErrorKind::Timeout) {
        result.verdict = Verdict::Timeout;
        result.timeout_stage = "model";
        result.reason = fmt::format(
            "timed out in the model stage: {} (a deadline, not a verdict "
            "on the model; --timeout S allows more)",
            first_line(result.model_error->message));
        return;
    }
    if (result.rtl_failure) {
        result.verdict = Verdict::RtlError;
        result.reason = "the RTL failed: " + result.rtl_failure->message;
        return;
    }
    const CrosscheckOptions& options = request.options;
    if (result.model_error) {
        if (options.keeps_waveform) {
            result.waveform = make_waveform(request.interface, vectors, simulation.trace, Trace{});
        }
        result.verdict = Verdict::ModelError;
        result.reason = model_error_reason(*result.model_error);
        return;
    }
    result.comparison =
        compare(request.interface, vectors, simulation.trace, model.trace, options.compare);
    if (options.keeps_waveform || result.comparison.mismatching_values > 0) {
        result.waveform = make_waveform(request.interface, vectors, simulation.trace, model.trace,
                                        options.compare);
    }
    judge_comparison(result);
}

// The rtl_error result when the RTL uses forbidden constructs; nullopt when it may be run.
util::Result<std::optional<CrosscheckResult>> refused_result(const CrosscheckRequest& request) {
    auto rtl_text = util::read_file(request.rtl, util::ErrorKind::Input);
    if (!rtl_text) {
        return rtl_text.error();
    }
    auto refused = refuse(hdl::find_forbidden_constructs(*rtl_text, request.rtl.filename().string(),
                                                         request.interface.module_name));
    if (refused) {
        refused->interface = request.interface;
        refused->backend = request.options.backend;
        refused->vectors = request.vectors.rows.size();
        refused->seed = request.vectors.seed;
    }
    return refused;
}

// Everything but the design and its work directory.
SimulationOptions simulation_options_of(const CrosscheckOptions& options) {
    return SimulationOptions{.backend = options.backend,
                             .templates_dir = options.templates_dir,
                             .cache_dir = options.cache_dir,
                             .build_deadline = options.build_deadline,
                             .run_deadline = options.run_deadline,
                             .cancel = options.cancel};
}

ModelOptions model_options_of(const CrosscheckRequest& request,
                              const std::filesystem::path& work_dir) {
    const CrosscheckOptions& options = request.options;
    return ModelOptions{.python = options.python,
                        .model = request.model,
                        .templates_dir = options.templates_dir,
                        .work_dir = work_dir,
                        .deadline = options.model_deadline,
                        .cancel = options.cancel};
}

util::Result<util::TempDir> make_work_dir(const CrosscheckOptions& options) {
    auto work = util::TempDir::create("rtlduet-crosscheck-", options.work_parent);
    if (!work) {
        return work.error();
    }
    for (const char* side : {"rtl", "model", "confirm"}) {
        if (auto made = util::make_directories(work->path() / side); !made) {
            return made.error();
        }
    }
    if (options.keep_work) {
        work->keep();
    }
    return work;
}

void record_simulation(const Simulation& simulation, const ModelRun& model,
                       CrosscheckResult& result) {
    result.backend = simulation.backend;
    result.rtl_time = simulation.build_time + simulation.run_time;
    result.build_time = simulation.build_time;
    result.run_time = simulation.run_time;
    result.model_time = model.time;
}

}  // namespace detail

Verdict judge(const Comparison& comparison) {
    const bool is_clean = comparison.mismatching_values == 0 && !comparison.exercise.is_vacuous;
    return is_clean ? Verdict::Agree : Verdict::Disagree;
}

std::string_view to_string(Verdict verdict) {
    switch (verdict) {
        case Verdict::Agree:
            return "agree";
        case Verdict::Disagree:
            return "disagree";
        case Verdict::RtlError:
            return "rtl_error";
        case Verdict::ModelError:
            return "model_error";
        case Verdict::Timeout:
            return "timeout";
        case Verdict::SimulatorDependent:
            return "simulator_dependent";
    }
    return "rtl_error";
}

std::optional<CrosscheckResult> refuse(std::vector<hdl::Diagnostic> refused) {
    if (refused.empty()) {
        return std::nullopt;
    }
    const hdl::Diagnostic& first = refused.front();
    CrosscheckResult result{.verdict = Verdict::RtlError,
                            .reason = fmt::format("refused before simulation: {}:{}: {}",
                                                  first.file, first.line, first.message)};
    result.refused = std::move(refused);
    return result;
}

void confirm_with(CrosscheckResult& primary, const CrosscheckRequest& request,
                  const Simulation& other, const ModelRun& model) {
    CrosscheckResult result{.interface = request.interface};
    detail::record_simulation(other, model, result);
    detail::judge(request, request.vectors, other, model, result);
    primary.confirm_time = result.rtl_time;
    apply_confirmation(primary, &result, request.options.confirm);
}

namespace {

// Confirms, in one batch on the other backend, the designs whose primary verdict is worth
// confirming: agreements, and designs the primary could not build (a fallback may decide).
util::Status confirm_batch(const util::Sandbox& sandbox, const CrosscheckRequest& request,
                           const ModelRun& model, const std::filesystem::path& work_dir,
                           const std::vector<BatchDesign>& designs,
                           const std::vector<std::size_t>& simulated,
                           std::vector<CrosscheckResult>& results) {
    const ConfirmMode mode = request.options.confirm;
    std::vector<BatchDesign> again;
    std::vector<std::size_t> which;
    for (std::size_t j = 0; j < simulated.size() && mode == ConfirmMode::Other; ++j) {
        const CrosscheckResult& result = results[simulated[j]];
        const bool did_not_build = result.rtl_failure && result.rtl_failure->stage == "build";
        if (result.verdict == Verdict::Agree || did_not_build) {
            const auto dir = work_dir / fmt::format("confirm{}", again.size());
            if (auto made = util::make_directories(dir); !made) {
                return made;
            }
            again.push_back({.rtl = designs[j].rtl, .work_dir = dir});
            which.push_back(simulated[j]);
        }
    }
    std::vector<Simulation> others;
    if (!again.empty()) {
        SimulationOptions options = detail::simulation_options_of(request.options);
        options.backend = other_backend(results[which.front()].backend);
        options.build_parent = work_dir;
        auto simulations =
            simulate_batch(sandbox, request.interface, request.vectors, again, options);
        if (!simulations) {
            return simulations.error();
        }
        others = std::move(*simulations);
    }
    for (std::size_t i = 0; i < results.size(); ++i) {
        CrosscheckResult& result = results[i];
        const auto at = std::find(which.begin(), which.end(), i);
        if (at == which.end()) {
            apply_confirmation(result, nullptr, mode);
            continue;
        }
        confirm_with(result, request, others[static_cast<std::size_t>(at - which.begin())], model);
    }
    return {};
}

}  // namespace

util::Result<std::vector<CrosscheckResult>> crosscheck_batch(
    const util::Sandbox& sandbox, const CrosscheckRequest& request,
    const std::vector<std::filesystem::path>& rtl_files) {
    const CrosscheckOptions& options = request.options;
    auto work = detail::make_work_dir(options);
    if (!work) {
        return work.error();
    }
    std::vector<CrosscheckResult> results;
    std::vector<BatchDesign> designs;
    std::vector<std::size_t> simulated;
    for (const auto& rtl : rtl_files) {
        CrosscheckRequest single = request;
        single.rtl = rtl;
        auto refused = detail::refused_result(single);
        if (!refused) {
            return refused.error();
        }
        results.push_back(refused->value_or(CrosscheckResult{.interface = request.interface,
                                                             .backend = options.backend,
                                                             .vectors = request.vectors.rows.size(),
                                                             .seed = request.vectors.seed}));
        if (!*refused) {
            const auto dir = work->path() / fmt::format("rtl{}", designs.size());
            if (auto made = util::make_directories(dir); !made) {
                return made.error();
            }
            designs.push_back({.rtl = rtl, .work_dir = dir});
            simulated.push_back(results.size() - 1);
        }
    }
    const ModelOptions model_options = detail::model_options_of(request, work->path() / "model");
    auto model_run = std::async(std::launch::async, [&] {
        return run_model(sandbox, request.interface, request.vectors, model_options);
    });
    SimulationOptions simulation = detail::simulation_options_of(options);
    simulation.build_parent = work->path();
    auto simulations =
        simulate_batch(sandbox, request.interface, request.vectors, designs, simulation);
    auto model = model_run.get();
    if (!simulations || !model) {
        return !simulations ? simulations.error() : model.error();
    }
    for (std::size_t j = 0; j < simulated.size(); ++j) {
        CrosscheckResult& result = results[simulated[j]];
        detail::record_simulation((*simulations)[j], *model, result);
        detail::judge(request, request.vectors, (*simulations)[j], *model, result);
    }
    if (auto confirmed =
            confirm_batch(sandbox, request, *model, work->path(), designs, simulated, results);
        !confirmed) {
        return confirmed.error();
    }
    return results;
}

}  // namespace rtlduet::sim
