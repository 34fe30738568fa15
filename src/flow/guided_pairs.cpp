// flow/guided_pairs.cpp: agreeing pairs cross-checked on coverage-guided rows.
#include "flow/detail/guided_pairs.h"

#include <chrono>
#include <future>
#include <utility>

#include <fmt/format.h>

#include "flow/detail/sim_work.h"

namespace rtlduet::flow::detail {
namespace {

using Clock = std::chrono::steady_clock;

struct GuidedCheck {
    sim::CrosscheckResult result;
    double seconds = 0.0;
};

util::Result<GuidedCheck> check_pair(const TurnContext& ctx, const SharedStimulus::Ready& stimulus,
                                     const RtlCandidate& design, const ModelCandidate& model,
                                     const sim::CompareOptions& compare) {
    const SimSettings& settings = ctx.settings;
    sim::CrosscheckOptions options;
    options.backend = settings.backend;
    options.confirm = settings.confirm;
    options.templates_dir = settings.templates_dir;
    options.python = settings.python;
    options.work_parent = design.file.parent_path();
    options.cache_dir = settings.cache_dir;
    options.compare = compare;
    options.guided = sim::GuidedOptions{};
    options.cancel = settings.cancel;
    const SimSlot slot(settings);
    const auto started = Clock::now();
    auto result = sim::crosscheck(ctx.sandbox, {.interface = design.ifc,
                                                .rtl = design.file,
                                                .model = model.file,
                                                .vectors = stimulus.vectors,
                                                .options = options});
    if (!result) {
        return result.error();
    }
    return GuidedCheck{.result = std::move(*result),
                       .seconds = std::chrono::duration<double>(Clock::now() - started).count()};
}

void apply_check(const TurnContext& ctx, sim::CrosscheckResult result, PairCheck& pair) {
    ctx.log.info("turn {}: pair rtl {} / model {} on coverage-guided rows: {} ({})", ctx.turn,
                 pair.rtl, pair.model, sim::to_string(result.verdict), result.reason);
    if (result.verdict != sim::Verdict::Agree) {
        pair.verdict = result.verdict;
        pair.reason =
            "the coverage-guided rows of `rtlduet crosscheck` find what the uniform "
            "rows did not: " +
            result.reason;
        if (result.comparison.compared_rows > 0) {
            pair.comparison = result.comparison;
            pair.match_rate = result.comparison.match_rate;
            pair.is_vacuous = result.comparison.exercise.is_vacuous;
        }
    }
    if (result.verdict == sim::Verdict::SimulatorDependent && pair.confirmed) {
        // The portability problem the guided rows showed is what the writer must hear.
        result.synthesis = pair.confirmed->synthesis;
        pair.confirmed = result;
    }
    pair.guided = std::move(result);
}

}  // namespace

util::Result<ConfirmCost> check_agreements_guided(const TurnContext& ctx,
                                                  const SharedStimulus::Ready& stimulus,
                                                  const std::vector<RtlCandidate>& rtl,
                                                  const std::vector<ModelCandidate>& models,
                                                  const sim::CompareOptions& compare,
                                                  int rtl_slot, std::vector<PairCheck>& pairs) {
    ConfirmCost cost;
    if (!ctx.settings.guided) {
        return cost;
    }
    std::vector<std::pair<PairCheck*, std::future<util::Result<GuidedCheck>>>> running;
    for (PairCheck& pair : pairs) {
        if (pair.rtl == rtl_slot && pair.is_agreement()) {
            const RtlCandidate& design = in_slot(rtl, pair.rtl);
            const ModelCandidate& model = in_slot(models, pair.model);
            running.emplace_back(
                &pair, std::async(std::launch::async,
                                  [&ctx, &stimulus, &compare, design = &design, model = &model] {
                                      return check_pair(ctx, stimulus, *design, *model, compare);
                                  }));
        }
    }
    std::optional<util::Error> failure;
    for (auto& [pair, future] : running) {
        auto check = future.get();
        if (!check) {
            failure = failure.value_or(check.error());
            continue;
        }
        cost.seconds += check->seconds;
        apply_check(ctx, std::move(check->result), *pair);
    }
    if (failure) {
        return *failure;
    }
    return cost;
}

}  // namespace rtlduet::flow::detail
