// sim/crosscheck.cpp: the cross-check pipeline: policy check of the RTL, design simulation
// and model run in separate sandboxed work directories, comparison and the verdict.
#include "sim/crosscheck.h"

#include <chrono>
#include <future>

#include <fmt/format.h>

#include "sim/batch.h"
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

// A failed side decides the verdict (the RTL first); otherwise the comparison does.
void judge(const CrosscheckRequest& request, const Simulation& simulation, const ModelRun& model,
           CrosscheckResult& result) {
    result.rtl_failure = simulation.failure;
    result.model_error = model.error;
    if (result.rtl_failure) {
        result.verdict = Verdict::RtlError;
        result.reason = "the RTL failed: " + result.rtl_failure->message;
        return;
    }
    if (result.model_error) {
        result.verdict = Verdict::ModelError;
        result.reason = model_error_reason(*result.model_error);
        return;
    }
    result.comparison = compare(request.interface, request.vectors, simulation.trace, model.trace,
                                request.options.compare);
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
                             .vcd = options.vcd,
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
    for (const char* side : {"rtl", "model"}) {
        if (auto made = util::make_directories(work->path() / side); !made) {
            return made.error();
        }
    }
    if (options.keep_work) {
        work->keep();
    }
    return work;
}

}  // namespace

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

util::Result<CrosscheckResult> crosscheck(const util::Sandbox& sandbox,
                                          const CrosscheckRequest& request) {
    const CrosscheckOptions& options = request.options;
    CrosscheckResult result{.interface = request.interface,
                            .backend = options.backend,
                            .vectors = request.vectors.rows.size(),
                            .seed = request.vectors.seed};
    auto refused = refused_result(request);
    if (!refused) {
        return refused.error();
    }
    if (*refused) {
        return std::move(**refused);
    }
    auto work = make_work_dir(options);
    if (!work) {
        return work.error();
    }
    if (options.keep_work) {
        result.work_dir = work->path();
    }
    SimulationOptions simulation_options = simulation_options_of(options);
    simulation_options.rtl = request.rtl;
    simulation_options.work_dir = work->path() / "rtl";
    const ModelOptions model_options = model_options_of(request, work->path() / "model");
    // The model and the design run at the same time: each waits on its own process.
    auto model_run = std::async(std::launch::async, [&] {
        return run_model(sandbox, request.interface, request.vectors, model_options);
    });
    auto simulation = simulate(sandbox, request.interface, request.vectors, simulation_options);
    auto model = model_run.get();
    if (!simulation) {
        return simulation.error();
    }
    if (!model) {
        return model.error();
    }
    result.backend = simulation->backend;
    result.rtl_time = simulation->build_time + simulation->run_time;
    result.build_time = simulation->build_time;
    result.run_time = simulation->run_time;
    result.model_time = model->time;
    const auto compare_start = std::chrono::steady_clock::now();
    judge(request, *simulation, *model, result);
    result.compare_time = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - compare_start);
    return result;
}

util::Result<std::vector<CrosscheckResult>> crosscheck_batch(
    const util::Sandbox& sandbox, const CrosscheckRequest& request,
    const std::vector<std::filesystem::path>& rtl_files) {
    const CrosscheckOptions& options = request.options;
    auto work = make_work_dir(options);
    if (!work) {
        return work.error();
    }
    std::vector<CrosscheckResult> results;
    std::vector<BatchDesign> designs;
    std::vector<std::size_t> simulated;
    for (const auto& rtl : rtl_files) {
        CrosscheckRequest single = request;
        single.rtl = rtl;
        auto refused = refused_result(single);
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
    const ModelOptions model_options = model_options_of(request, work->path() / "model");
    auto model_run = std::async(std::launch::async, [&] {
        return run_model(sandbox, request.interface, request.vectors, model_options);
    });
    auto simulations = simulate_batch(sandbox, request.interface, request.vectors, designs,
                                      simulation_options_of(options));
    auto model = model_run.get();
    if (!simulations || !model) {
        return !simulations ? simulations.error() : model.error();
    }
    for (std::size_t j = 0; j < simulated.size(); ++j) {
        CrosscheckResult& result = results[simulated[j]];
        const Simulation& simulation = (*simulations)[j];
        result.backend = simulation.backend;
        result.rtl_time = simulation.build_time + simulation.run_time;
        result.build_time = simulation.build_time;
        result.run_time = simulation.run_time;
        result.model_time = model->time;
        judge(request, simulation, *model, result);
    }
    return results;
}

}  // namespace rtlduet::sim
