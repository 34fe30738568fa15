// sim/crosscheck_single.cpp: one pair's cross-check. Both simulators build at once (the
// primary and, with --confirm other, the other one); the model starts on the uniform rows at
// the same time and goes on while the Verilator build runs on them and measures coverage; guided
// rounds may replace part of the rows, and then the model (again) and the other simulator run on
// exactly the rows kept. Each simulator's verdict is judged; the confirmation combines them.
#include <chrono>
#include <future>
#include <optional>

#include <fmt/format.h>

#include "sim/batch.h"
#include "sim/confirm.h"
#include "sim/detail/crosscheck_parts.h"
#include "stimulus/guided.h"
#include "util/files.h"

namespace rtlduet::sim {
namespace {

using Clock = std::chrono::steady_clock;

std::chrono::milliseconds since(Clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
}

// One simulator's part: its options (own work directory) and, once built, its build.
struct Side {
    SimulationOptions options;
    std::optional<BuiltSimulation> built;
    std::optional<Simulation> simulation;  // once it ran on the final rows
};

util::Result<BuiltSimulation> build_side(const util::Sandbox& sandbox,
                                         const CrosscheckRequest& request, const Side& side) {
    return build_simulation(sandbox, request.interface, request.vectors, side.options);
}

// Verilator's side when it built: it measures coverage and guides the rows.
Side* coverage_side(Side& primary, std::optional<Side>& other) {
    for (Side* side : {&primary, other ? &*other : nullptr}) {
        if (side != nullptr && side->built && side->built->backend == Backend::Verilator &&
            !side->built->failure) {
            return side;
        }
    }
    return nullptr;
}

// The side the coverage run does not simulate, run on the starting rows beside it: they are
// the final rows unless a guided round replaces some, and then the run is dropped (stopped) and
// run_sides() runs that side again. Whichever way crosscheck() returns, a run still going is
// stopped and waited for.
class EarlyRun {
public:
    EarlyRun(const util::Sandbox& sandbox, const hdl::Interface& ifc,
             const stimulus::VectorSet& rows, const Side& side)
        : options_(side.options) {
        options_.cancel = &is_dropped_;
        run_ = std::async(std::launch::async, [&sandbox, &ifc, &rows, &side, this] {
            return run_built(sandbox, ifc, rows, *side.built, options_);
        });
    }
    ~EarlyRun() { is_dropped_ = true; }  // then run_'s destructor waits for it
    EarlyRun(const EarlyRun&) = delete;
    EarlyRun& operator=(const EarlyRun&) = delete;

    /// Stops it and waits until it ended: the side's work directory is then free for the run
    /// on the final rows.
    void drop() {
        is_dropped_ = true;
        run_.wait();
    }
    /// Its simulation; stopped as soon as `interrupted` (the user's cancel flag) is set while
    /// it is waited for, since its own flag is the one the run watches.
    util::Result<Simulation> take(const std::atomic<bool>* interrupted) {
        using namespace std::chrono_literals;
        while (run_.wait_for(20ms) != std::future_status::ready) {
            if (interrupted != nullptr && interrupted->load()) {
                is_dropped_ = true;
            }
        }
        return run_.get();
    }

private:
    std::atomic<bool> is_dropped_{false};
    SimulationOptions options_;
    std::future<util::Result<Simulation>> run_;
};

void add_coverage(const CrosscheckRequest& request, const Side& side, const GuidedRun& run,
                  CrosscheckResult& result) {
    const std::filesystem::path copy = side.options.work_dir / side.built->design_copy;
    auto text = util::read_file(copy);
    const DesignSource source{.copy = side.built->design_copy,
                              .display_name = request.rtl.filename().string(),
                              .text = text ? *text : std::string()};
    result.coverage = summarize_coverage(run.counts, {source});
    result.guided = run.report;
}

// A run that reached too little of the design is no agreement (vacuity, docs/crosscheck.md).
void judge_coverage(const CrosscheckOptions& options, CrosscheckResult& result) {
    const Coverage& coverage = result.coverage;
    if (!coverage.is_measured || line_fraction(coverage) >= options.min_line_coverage) {
        return;
    }
    const std::string why =
        fmt::format("the rows reached only {} of the design's {} lines and branches",
                    coverage.lines_hit, coverage.lines);
    Exercise& exercise = result.comparison.exercise;
    exercise.vacuity.push_back(why);
    exercise.is_vacuous = true;
    if (result.verdict == Verdict::Agree) {
        result.verdict = Verdict::Disagree;
        result.reason = "vacuous run, not an agreement: " + why;
    }
}

// With --require-synth a design Yosys finds problems in is no agreement (an rtl_error).
void judge_synthesis(const CrosscheckOptions& options, CrosscheckResult& result) {
    if (!result.synthesis || !options.require_synthesis || result.synthesis->is_clean() ||
        !result.refused.empty()) {
        return;
    }
    result.verdict = Verdict::RtlError;
    result.reason =
        "the synthesis check failed (--require-synth): " + result.synthesis->issues.front().message;
}

struct Sides {
    Side primary;
    std::optional<Side> other;
};

// The built side that the coverage run (on `measuring`) does not simulate.
Side* other_side(Sides& sides, const Side* measuring) {
    Side* side =
        measuring == &sides.primary ? (sides.other ? &*sides.other : nullptr) : &sides.primary;
    return side != nullptr && side->built && !side->simulation ? side : nullptr;
}

util::Status build_sides(const util::Sandbox& sandbox, const CrosscheckRequest& request,
                         Sides& sides) {
    std::future<util::Result<BuiltSimulation>> other_build;
    if (sides.other) {
        other_build = std::async(std::launch::async,
                                 [&] { return build_side(sandbox, request, *sides.other); });
    }
    auto primary = build_side(sandbox, request, sides.primary);
    if (sides.other) {
        auto other = other_build.get();
        if (!other) {
            return other.error();
        }
        sides.other->built = std::move(*other);
    }
    if (!primary) {
        return primary.error();
    }
    sides.primary.built = std::move(*primary);
    return {};
}

// Runs every side that has not run yet on `vectors`.
util::Status run_sides(const util::Sandbox& sandbox, const CrosscheckRequest& request,
                       const stimulus::VectorSet& vectors, Sides& sides) {
    for (Side* side : {&sides.primary, sides.other ? &*sides.other : nullptr}) {
        if (side == nullptr || side->simulation) {
            continue;
        }
        auto simulation =
            run_built(sandbox, request.interface, vectors, *side->built, side->options);
        if (!simulation) {
            return simulation.error();
        }
        side->simulation = std::move(*simulation);
    }
    return {};
}

Sides plan_sides(const util::Sandbox& sandbox, const CrosscheckRequest& request,
                 const std::filesystem::path& work) {
    const CrosscheckOptions& options = request.options;
    Sides sides;
    sides.primary.options = detail::simulation_options_of(options);
    sides.primary.options.rtl = request.rtl;
    sides.primary.options.work_dir = work / "rtl";
    sides.primary.options.build_parent = work;
    sides.primary.options.backend = resolve_backend(sandbox, request.interface, request.vectors,
                                                    {request.rtl}, sides.primary.options);
    if (options.confirm == ConfirmMode::Other) {
        sides.other = sides.primary;
        sides.other->options.backend = other_backend(sides.primary.options.backend);
        sides.other->options.work_dir = work / "confirm";
    }
    return sides;
}

// Judges both sides on the final rows and combines them.
CrosscheckResult judge_sides(const CrosscheckRequest& request, const stimulus::VectorSet& vectors,
                             const Sides& sides, const ModelRun& model, CrosscheckResult result) {
    detail::record_simulation(*sides.primary.simulation, model, result);
    detail::judge(request, vectors, *sides.primary.simulation, model, result);
    if (!sides.other) {
        apply_confirmation(result, nullptr, request.options.confirm);
        return result;
    }
    CrosscheckResult other{.interface = request.interface};
    detail::record_simulation(*sides.other->simulation, model, other);
    detail::judge(request, vectors, *sides.other->simulation, model, other);
    result.confirm_time = other.rtl_time;
    apply_confirmation(result, &other, request.options.confirm);
    return result;
}

// The rows every side and the model start from: the uniform rows, with the tail that guided
// rounds may replace already filled with guided rows built without coverage (held patterns
// with the reset released, corners, replays): they cost no extra run. nullopt: the request's
// own rows (not copied: 100 000 rows take longer to copy than to compare).
std::optional<stimulus::VectorSet> starting_rows(const CrosscheckRequest& request) {
    const GuidedOptions& guided = request.options.guided;
    const std::size_t rows = request.vectors.rows.size();
    if (!guided.is_enabled || rows < guided.min_rows) {
        return std::nullopt;
    }
    const auto tail = static_cast<std::size_t>(static_cast<double>(rows) * guided.share);
    return stimulus::guided_rows(request.interface, request.vectors,
                                 {.from = rows - tail, .to = rows, .seed = request.vectors.seed});
}

}  // namespace

util::Result<CrosscheckResult> crosscheck(const util::Sandbox& sandbox,
                                          const CrosscheckRequest& request) {
    const CrosscheckOptions& options = request.options;
    CrosscheckResult result{.interface = request.interface,
                            .backend = options.backend,
                            .vectors = request.vectors.rows.size(),
                            .seed = request.vectors.seed};
    auto refused = detail::refused_result(request);
    if (!refused) {
        return refused.error();
    }
    if (*refused) {
        return std::move(**refused);
    }
    auto work = detail::make_work_dir(options);
    if (!work) {
        return work.error();
    }
    if (options.keep_work) {
        result.work_dir = work->path();
    }
    const ModelOptions model_options = detail::model_options_of(request, work->path() / "model");
    const std::optional<stimulus::VectorSet> guided_start = starting_rows(request);
    const stimulus::VectorSet& start = guided_start ? *guided_start : request.vectors;
    // The model starts on these rows while the designs build; it runs again only when a
    // guided round replaced some of them.
    auto model_run = std::async(std::launch::async, [&] {
        return run_model(sandbox, request.interface, start, model_options);
    });
    std::future<util::Result<hdl::SynthesisReport>> synthesis;
    if (options.check_synthesis || options.require_synthesis) {
        synthesis = std::async(std::launch::async, [&] {
            return hdl::check_synthesis(sandbox, request.rtl,
                                        {.top = request.interface.module_name,
                                         .is_combinational = !request.interface.is_sequential(),
                                         .cancel = options.cancel,
                                         .cache_dir = options.cache_dir});
        });
    }
    Sides sides = plan_sides(sandbox, request, work->path());
    const util::Status built = build_sides(sandbox, request, sides);
    if (!built) {
        return built.error();  // (the model's future waits for its run as it goes)
    }
    // The coverage run goes on while the model still runs on the same rows.
    std::optional<GuidedRun> guided;
    std::optional<EarlyRun> early;
    Side* early_side = nullptr;
    if (Side* measuring = coverage_side(sides.primary, sides.other)) {
        early_side = other_side(sides, measuring);
        if (early_side != nullptr) {
            early.emplace(sandbox, request.interface, start, *early_side);
        }
        const auto started = Clock::now();
        auto run = run_guided(sandbox, request.interface, start, *measuring->built,
                              measuring->options, options.guided);
        if (!run) {
            return run.error();
        }
        guided = std::move(*run);
        measuring->simulation = guided->simulation;
        add_coverage(request, *measuring, *guided, result);
        result.guided_time = since(started);
    }
    // The rows are final now: the other simulator runs them while the model may still run.
    const stimulus::VectorSet& vectors = guided ? guided->vectors : start;
    result.sources = vectors.sources;
    const bool has_new_rows = guided && guided->report.accepted > 0;
    if (early && (has_new_rows || vectors.rows != start.rows)) {
        early->drop();
    } else if (early) {
        auto simulation = early->take(options.cancel);
        if (!simulation) {
            return simulation.error();
        }
        early_side->simulation = std::move(*simulation);
    }
    std::future<util::Result<ModelRun>> model_again;
    if (has_new_rows) {
        model_again = std::async(std::launch::async, [&] {
            return run_model(sandbox, request.interface, vectors, model_options);
        });
    }
    const util::Status ran = run_sides(sandbox, request, vectors, sides);
    auto model = model_run.get();
    const auto uniform_model_time = model ? model->time : std::chrono::milliseconds(0);
    const bool has_second_model_run = model_again.valid();
    if (has_second_model_run) {
        model = model_again.get();
    }
    if (!ran || !model) {
        return !ran ? ran.error() : model.error();
    }
    const auto compare_start = Clock::now();
    result = judge_sides(request, vectors, sides, *model, std::move(result));
    judge_coverage(options, result);
    if (synthesis.valid()) {
        auto report = synthesis.get();
        if (!report) {
            return report.error();
        }
        result.synthesis = std::move(*report);
        judge_synthesis(options, result);
    }
    if (has_second_model_run) {
        result.model_time += uniform_model_time;
    }
    result.compare_time = since(compare_start);
    return result;
}

}  // namespace rtlduet::sim
