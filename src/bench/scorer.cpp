// bench/scorer.cpp: scores one sample in its own sandboxed work directory with the flow its
// problem's plan names (official Icarus flow, its compatibility testbench, or Verilator for
// problems Icarus cannot build); plans are learned once per problem from the golden run.
#include <future>

#include <fmt/format.h>

#include "bench/detail/golden.h"
#include "bench/score.h"
#include "util/files.h"
#include "util/temp_dir.h"

namespace rtlduet::bench {
namespace fs = std::filesystem;

// The Verilator runtime kit, built once per Scorer, or once per cache directory.
struct Scorer::Runtime {
    std::mutex mutex;
    std::optional<util::Result<detail::RuntimeKit>> kit;
    std::optional<util::TempDir> scratch;  // holds them when there is no cache directory
};

struct Scorer::PlanSlot {
    std::promise<util::Result<ProblemPlan>> promise;
    std::shared_future<util::Result<ProblemPlan>> plan = promise.get_future().share();
    std::optional<detail::ProblemTexts> texts;  // set before the promise is fulfilled
};

namespace {

// The golden run is no candidate's verdict: a loaded machine must not make it time out.
constexpr std::chrono::milliseconds kGoldenMinTimeout{120'000};
constexpr int kGoldenTimeFactor = 3;
constexpr std::size_t kLogTailLines = 20;

util::Result<util::TempDir> make_work_dir(const ScoreOptions& options, std::string_view name) {
    auto dir = util::TempDir::create(fmt::format("rtlduet-score-{}-", name));
    if (dir && options.keep_work) {
        dir->keep();
    }
    return dir;
}

// The problem's own wall limit (suite.json), else the run's; with a plan, at least a few
// times what the golden design took, so a slow problem's correct candidates do not time out.
std::chrono::milliseconds timeout_of(const Problem& problem, const ScoreOptions& options,
                                     const ProblemPlan* plan = nullptr) {
    const std::chrono::milliseconds limit = problem.overrides.timeout.value_or(options.timeout);
    return plan == nullptr ? limit : std::max(limit, kGoldenTimeFactor * plan->golden_wall);
}

}  // namespace

std::string_view to_string(Verdict verdict) {
    switch (verdict) {
        case Verdict::Pass:
            return "pass";
        case Verdict::Fail:
            return "fail";
        case Verdict::CompileError:
            return "compile_error";
        case Verdict::Timeout:
            return "timeout";
        case Verdict::Skipped:
            return "skipped";
        case Verdict::Error:
            return "error";
    }
    return "fail";
}

std::optional<Verdict> parse_verdict(std::string_view text) {
    for (const Verdict verdict : {Verdict::Pass, Verdict::Fail, Verdict::CompileError,
                                  Verdict::Timeout, Verdict::Skipped, Verdict::Error}) {
        if (to_string(verdict) == text) {
            return verdict;
        }
    }
    return std::nullopt;
}

Scorer::Scorer(const util::Sandbox& sandbox, util::Logger& log, const util::Clock& clock,
               Toolchain tools, ScoreOptions options)
    : sandbox_(sandbox),
      log_(log),
      clock_(clock),
      tools_(std::move(tools)),
      options_(std::move(options)),
      runtime_(std::make_unique<Runtime>()) {
    if (!options_.cache_dir.empty()) {
        options_.cache_dir = fs::absolute(options_.cache_dir);
    }
}

detail::FlowSettings Scorer::flow_settings(std::chrono::milliseconds timeout) {
    return {.timeout = timeout,
            .verilator_runtime = [this] { return verilator_runtime(); },
            .verilator_builds = options_.cache_dir.empty()
                                    ? fs::path{}
                                    : options_.cache_dir / "score-verilator-builds",
            .cancel = options_.cancel};
}

util::Result<detail::RuntimeKit> Scorer::verilator_runtime() {
    const std::lock_guard lock(runtime_->mutex);
    if (runtime_->kit) {
        return *runtime_->kit;
    }
    // "-2": the kit holds the one-step build's compiler command and header besides the objects.
    const fs::path cached = options_.cache_dir.empty()
                                ? fs::path{}
                                : options_.cache_dir / ("verilator-runtime-2-" + tools_.verilator);
    std::error_code ec;
    if (!cached.empty() && fs::is_directory(cached, ec)) {
        runtime_->kit = detail::open_runtime_kit(sandbox_, cached);
        return *runtime_->kit;
    }
    auto dir = make_work_dir(options_, "verilator-runtime");
    if (!dir) {
        return dir.error();
    }
    log_.info("score: building the Verilator runtime once{}",
              cached.empty() ? "" : " (cached in " + cached.string() + ")");
    auto built =
        detail::build_verilator_runtime(sandbox_, dir->path(), {.cancel = options_.cancel});
    if (built && !cached.empty()) {
        built = detail::publish_runtime(*built, cached);
    }
    if (built && cached.empty()) {
        runtime_->scratch = std::move(*dir);
    }
    runtime_->kit = built ? detail::open_runtime_kit(sandbox_, *built)
                          : util::Result<detail::RuntimeKit>(built.error());
    return *runtime_->kit;
}

Scorer::~Scorer() = default;

std::shared_ptr<Scorer::PlanSlot> Scorer::slot_for(const std::string& problem, bool& is_new) {
    const std::lock_guard lock(mutex_);
    auto& slot = plans_[problem];
    is_new = slot == nullptr;
    if (is_new) {
        slot = std::make_shared<PlanSlot>();
    }
    return slot;
}

util::Result<ProblemPlan> Scorer::plan(const Problem& problem) {
    bool is_new = false;
    const std::shared_ptr<PlanSlot> slot = slot_for(problem.name, is_new);
    if (!is_new) {
        return slot->plan.get();
    }
    auto learned = [&]() -> util::Result<ProblemPlan> {
        auto texts = detail::read_problem_texts(problem);
        if (!texts && texts.error().kind == util::ErrorKind::Input) {
            return ProblemPlan{.skip_reason =
                                   "the problem's files cannot be used: " + texts.error().what()};
        }
        if (!texts) {
            return texts.error();
        }
        slot->texts = *texts;
        const std::string key = detail::plan_cache_key(*texts, problem.overrides, tools_);
        if (!options_.cache_dir.empty()) {
            if (auto cached = detail::load_cached_plan(options_.cache_dir, key)) {
                return *cached;
            }
        }
        auto dir = make_work_dir(options_, problem.name);
        if (!dir) {
            return dir.error();
        }
        log_.debug("score: learning {} from its golden reference in {}", problem.name,
                   dir->path().string());
        auto plan = detail::learn_plan(
            sandbox_, tools_, *texts, problem.overrides, dir->path(),
            flow_settings(std::max(timeout_of(problem, options_), kGoldenMinTimeout)));
        if (plan && !plan->transient_failure.empty()) {
            log_.warn(
                "score: {}: a golden run failed for a reason of this machine ({}); its "
                "plan is not cached and is learned again next time",
                problem.name, plan->transient_failure);
        } else if (plan && !options_.cache_dir.empty()) {
            if (auto stored = detail::store_cached_plan(options_.cache_dir, key, *plan); !stored) {
                log_.warn("score: cannot cache the golden result: {}", stored.error().what());
            }
        }
        return plan;
    }();
    if (learned && learned->skip_reason) {
        log_.warn("score: {} skipped: {}", problem.name, *learned->skip_reason);
    } else if (learned && !learned->note.empty()) {
        log_.info("score: {}: {}", problem.name, learned->note);
    }
    slot->promise.set_value(learned);
    return learned;
}

util::Result<SampleResult> Scorer::score(const Problem& problem, const SampleInput& sample) {
    const util::TimePoint start = clock_.now();
    auto plan = this->plan(problem);
    if (!plan) {
        return plan.error();
    }
    SampleResult result{
        .problem = problem.name, .sample = sample.sample, .id = sample.id, .model = sample.model};
    auto judged = run_sample(problem, *plan, sample, result);
    if (!judged) {
        return judged.error();
    }
    result.seconds = util::to_seconds(clock_.now() - start);
    return result;
}

util::Status Scorer::run_sample(const Problem& problem, const ProblemPlan& plan,
                                const SampleInput& sample, SampleResult& result) {
    bool is_new = false;
    const std::optional<detail::ProblemTexts>& known = slot_for(problem.name, is_new)->texts;
    if (!known) {  // the plan is a skip: the problem's files could not be read
        result.verdict = Verdict::Skipped;
        result.reason = plan.skip_reason.value_or("the problem's files cannot be used");
        return {};
    }
    const detail::ProblemTexts& texts = *known;
    const std::optional<std::string> unusable =
        sample.unusable_reason ? sample.unusable_reason : detail::module_clash(sample.code, texts);
    if (unusable) {
        result.verdict = plan.skip_reason ? Verdict::Skipped : Verdict::CompileError;
        result.reason = plan.skip_reason.value_or(*unusable);
        return {};
    }
    auto dir = make_work_dir(options_, problem.name);
    if (!dir) {
        return dir.error();
    }
    if (auto written = detail::write_work_files(dir->path(), texts, sample.code); !written) {
        return written.error();
    }
    const detail::FlowSettings settings = flow_settings(timeout_of(problem, options_, &plan));
    const bool is_compat = plan.compat_testbench && !plan.skip_reason;
    const detail::BuildInputs inputs{.sources = detail::work_sources(texts, is_compat),
                                     .top = texts.tb_top};
    util::Result<detail::SimRun> decided = detail::SimRun{};
    result.simulator = "iverilog " + tools_.iverilog;
    if (plan.simulator == Simulator::Verilator && !plan.skip_reason) {
        decided = detail::run_verilator(sandbox_, dir->path(), inputs, settings);
        result.simulator = "verilator " + tools_.verilator;
    } else {
        decided = detail::run_icarus(sandbox_, dir->path(), inputs, settings);
    }
    if (!decided) {
        return decided.error();
    }
    // The dataset script's rule on the log of the run that decided: on problems the
    // official flow cannot build, that is the only log the script could have read.
    result.official_verdict = detail::judge_official_for(texts.format, *decided);
    if (plan.skip_reason) {
        result.verdict = Verdict::Skipped;
        result.reason = *plan.skip_reason;
        result.simulator.clear();
        return {};
    }
    const detail::Judgement judgement =
        detail::judge_for(texts.format, *decided, plan.golden_samples);
    result.verdict = judgement.verdict;
    result.reason = judgement.reason;
    if (result.verdict != Verdict::Pass) {
        result.log_tail =
            detail::tail_lines(decided->compile_log + decided->sim_log, kLogTailLines);
    }
    return {};
}

}  // namespace rtlduet::bench
