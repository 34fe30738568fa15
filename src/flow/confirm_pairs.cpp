// flow/confirm_pairs.cpp: confirmation of agreeing pairs and the final design's checks.
#include "flow/detail/confirm_pairs.h"

#include <algorithm>
#include <chrono>
#include <future>
#include <map>
#include <utility>

#include <fmt/format.h>

#include "flow/detail/guided_pairs.h"
#include "flow/detail/sim_work.h"
#include "hdl/lint.h"
#include "sim/confirm.h"
#include "util/files.h"

namespace rtlduet::flow::detail {
namespace {

// What one agreeing design went through: the other simulator's run, Yosys when required.
struct DesignChecks {
    sim::Simulation other;
    std::optional<hdl::SynthesisReport> synthesis;
};

util::Result<hdl::SynthesisReport> synthesize(const util::Sandbox& sandbox,
                                              const SimSettings& settings,
                                              const std::filesystem::path& file,
                                              const hdl::Interface& ifc) {
    const SimSlot slot(settings);
    return hdl::check_synthesis(sandbox, file,
                                {.top = ifc.module_name,
                                 .is_combinational = !ifc.is_sequential(),
                                 .cancel = settings.cancel,
                                 .cache_dir = settings.cache_dir});
}

sim::SimulationOptions options_on(const SimSettings& settings, sim::Backend backend,
                                  const std::filesystem::path& rtl,
                                  const std::filesystem::path& work_dir) {
    return {.backend = backend,
            .rtl = rtl,
            .templates_dir = settings.templates_dir,
            .work_dir = work_dir,
            .cache_dir = settings.cache_dir,
            .build_parent = rtl.parent_path(),
            .cancel = settings.cancel,
            .held_slot = settings.sim_slots.get()};  // the callers hold a SimSlot
}

util::Result<DesignChecks> check_design(const TurnContext& ctx, const stimulus::VectorSet& vectors,
                                        const RtlCandidate& design) {
    const SimSettings& settings = ctx.settings;
    std::future<util::Result<hdl::SynthesisReport>> synthesis;
    if (settings.require_synthesis) {
        synthesis = std::async(std::launch::async, [&] {
            return synthesize(ctx.sandbox, settings, design.file, design.ifc);
        });
    }
    DesignChecks checks;
    if (design.primary_limitation) {
        // The run's simulator already failed to build it: that failure is its side.
        checks.other = {.failure = design.primary_limitation,
                        .backend = sim::other_backend(design.simulation->backend)};
    } else if (settings.confirm == sim::ConfirmMode::Other) {
        const auto work = design.file.parent_path() / "confirm";
        if (auto made = fresh_directory(work); !made) {
            return made.error();
        }
        const SimSlot slot(settings);
        auto other =
            sim::simulate(ctx.sandbox, design.ifc, vectors,
                          options_on(settings, sim::other_backend(design.simulation->backend),
                                     design.file, work));
        if (!other) {
            return other.error();
        }
        checks.other = std::move(*other);
    }
    if (synthesis.valid()) {
        auto report = synthesis.get();
        if (!report) {
            return report.error();
        }
        checks.synthesis = std::move(*report);
    }
    return checks;
}

// The design ran on the other simulator because the run's could not build it: confirmation
// saw the run's simulator fail for its own limitation, which is crosscheck's fallback.
void mark_fallback(sim::Confirmation& confirmation) {
    constexpr std::string_view kAlone = " alone";  // sim::confirm_with's "... decided alone"
    if (confirmation.status != sim::ConfirmStatus::Unconfirmed || confirmation.backends.empty()) {
        return;
    }
    confirmation.status = sim::ConfirmStatus::Fallback;
    confirmation.decided_by = confirmation.backends.front().backend;
    if (confirmation.why.ends_with(kAlone)) {
        confirmation.why.resize(confirmation.why.size() - kAlone.size());
    }
}

// The pair's result on the run's simulator, as a cross-check result to confirm.
sim::CrosscheckResult primary_result(const PairCheck& pair, const RtlCandidate& design) {
    return {.verdict = pair.verdict,
            .reason = fmt::format("all {} compared rows agree", pair.comparison.compared_rows),
            .interface = design.ifc,
            .backend = design.simulation->backend,
            .comparison = pair.comparison};
}

void confirm_pair(const TurnContext& ctx, const SharedStimulus::Ready& stimulus,
                  const RtlCandidate& design, const ModelCandidate& model,
                  const sim::CompareOptions& compare, const DesignChecks& checks, PairCheck& pair) {
    sim::CrosscheckResult result = primary_result(pair, design);
    const sim::CrosscheckRequest request{
        .interface = design.ifc,
        .rtl = design.file,
        .model = model.file,
        .vectors = stimulus.vectors,
        .options = {.confirm = ctx.settings.confirm, .compare = compare}};
    if (ctx.settings.confirm == sim::ConfirmMode::Other) {
        sim::confirm_with(result, request, checks.other, *model.run);
        if (design.primary_limitation) {
            mark_fallback(result.confirmation);
        }
    } else {
        sim::apply_confirmation(result, nullptr, sim::ConfirmMode::None);
    }
    result.synthesis = checks.synthesis;
    if (result.verdict == sim::Verdict::Agree && result.synthesis &&
        !result.synthesis->is_clean()) {
        result.verdict = sim::Verdict::RtlError;
        result.reason = "the synthesis check failed (--require-synth): " +
                        result.synthesis->issues.front().message;
    }
    ctx.log.info("turn {}: pair rtl {} / model {} after confirmation: {} ({})", ctx.turn, pair.rtl,
                 pair.model, sim::to_string(result.verdict), result.confirmation.why);
    pair.verdict = result.verdict;
    if (result.verdict != sim::Verdict::Agree) {
        pair.reason = result.reason;
    }
    pair.confirmed = std::move(result);
}

// The designs with an agreeing pair, in the order best_pair() prefers their pairs.
std::vector<int> agreeing_designs(const std::vector<PairCheck>& pairs) {
    std::vector<PairCheck> left = pairs;
    std::vector<int> order;
    while (const auto best = best_pair(left)) {
        if (!best->is_agreement()) {
            break;
        }
        order.push_back(best->rtl);
        std::erase_if(left, [&](const PairCheck& p) { return p.rtl == best->rtl; });
    }
    return order;
}

double seconds(std::chrono::milliseconds time) {
    return std::chrono::duration<double>(time).count();
}

// Confirms the agreeing pairs of the design in `rtl_slot` (check_agreements, the header).
util::Result<ConfirmCost> confirm_agreements(const TurnContext& ctx,
                                             const SharedStimulus::Ready& stimulus,
                                             const std::vector<RtlCandidate>& rtl,
                                             const std::vector<ModelCandidate>& models,
                                             const sim::CompareOptions& compare, int rtl_slot,
                                             std::vector<PairCheck>& pairs) {
    ConfirmCost cost;
    const auto is_to_confirm = [&](const PairCheck& p) {
        return p.rtl == rtl_slot && p.is_agreement();
    };
    if ((ctx.settings.confirm == sim::ConfirmMode::None && !ctx.settings.require_synthesis) ||
        std::none_of(pairs.begin(), pairs.end(), is_to_confirm)) {
        return cost;
    }
    auto checks = check_design(ctx, stimulus.vectors, in_slot(rtl, rtl_slot));
    if (!checks) {
        return checks.error();
    }
    cost.builds += checks->other.compiled ? 1 : 0;
    cost.seconds += seconds(checks->other.build_time + checks->other.run_time) +
                    (checks->synthesis ? seconds(checks->synthesis->time) : 0.0);
    for (PairCheck& pair : pairs) {
        if (is_to_confirm(pair)) {
            confirm_pair(ctx, stimulus, in_slot(rtl, pair.rtl), in_slot(models, pair.model),
                         compare, *checks, pair);
        }
    }
    return cost;
}

// Whether `design` builds on `backend`, for the report only. Icarus compiles it (~0.1 s);
// Verilator's lint answers for Verilator (every pass of the front end that rejects what
// Verilator cannot build, ~10 ms, where building its C++ would take ~0.6 s of CPU).
util::Result<bool> builds_on(const util::Sandbox& sandbox, const SimSettings& settings,
                             const stimulus::VectorSet& vectors, const FinalDesign& design,
                             sim::Backend backend) {
    const SimSlot slot(settings);
    if (backend == sim::Backend::Verilator) {
        auto lint = hdl::lint(sandbox, design.file, design.lint_top, settings.cache_dir);
        if (!lint) {
            return lint.error();
        }
        return lint->is_clean;
    }
    const auto work = design.file.parent_path() / "final";
    if (auto made = fresh_directory(work); !made) {
        return made.error();
    }
    auto built = sim::build_simulation(sandbox, design.ifc, vectors,
                                       options_on(settings, backend, design.file, work));
    if (!built) {
        return built.error();
    }
    return !built->failure;
}

}  // namespace

util::Result<ConfirmCost> check_agreements(const TurnContext& ctx,
                                           const SharedStimulus::Ready& stimulus,
                                           const std::vector<RtlCandidate>& rtl,
                                           const std::vector<ModelCandidate>& models,
                                           const sim::CompareOptions& compare,
                                           std::vector<PairCheck>& pairs) {
    const SimSettings& settings = ctx.settings;
    const bool has_checks =
        settings.confirm != sim::ConfirmMode::None || settings.require_synthesis || settings.guided;
    ConfirmCost cost;
    std::optional<int> passed;
    for (const int design : agreeing_designs(pairs)) {
        const auto is_design_agreeing = [&](const PairCheck& p) {
            return p.rtl == design && p.is_agreement();
        };
        if (passed) {
            for (PairCheck& pair : pairs) {
                pair.is_unchecked = pair.is_unchecked || is_design_agreeing(pair);
            }
            continue;
        }
        auto confirmed = confirm_agreements(ctx, stimulus, rtl, models, compare, design, pairs);
        if (!confirmed) {
            return confirmed.error();
        }
        auto guided = check_agreements_guided(ctx, stimulus, rtl, models, compare, design, pairs);
        if (!guided) {
            return guided.error();
        }
        cost.builds += confirmed->builds;
        cost.seconds += confirmed->seconds + guided->seconds;
        if (has_checks && std::any_of(pairs.begin(), pairs.end(), is_design_agreeing)) {
            passed = design;
        }
    }
    return cost;
}

std::string confirmation_feedback(const PairCheck& pair, AgentRole receiver) {
    if (!pair.confirmed) {
        return {};
    }
    const sim::CrosscheckResult& found = *pair.confirmed;
    const bool is_dependent = found.verdict == sim::Verdict::SimulatorDependent;
    const bool is_unsynthesizable = found.synthesis && !found.synthesis->is_clean();
    if (receiver == AgentRole::Model) {
        if (!is_dependent && !is_unsynthesizable) {
            return {};
        }
        return fmt::format(
            "\nYour model and the Verilog design agree on every compared row on {}, but {}. The "
            "Verilog writer is asked to fix the design; keep your model unless the "
            "specification says otherwise.\n",
            sim::to_string(found.confirmation.decided_by),
            is_dependent ? "the design behaves differently on the other simulator (" +
                               found.confirmation.why + ")"
                         : "the design does not synthesize cleanly");
    }
    std::string text;
    if (const std::string advice = sim::portability_advice(found.confirmation); !advice.empty()) {
        text += "\nPortability problem, so this is not an agreement yet: " + advice + "\n";
    }
    if (is_unsynthesizable) {
        text += "\nSynthesis (Yosys) found problems in the design:\n" +
                hdl::synthesis_feedback(*found.synthesis);
    }
    return text;
}

util::Result<FinalChecks> check_final_design(const util::Sandbox& sandbox,
                                             const SimSettings& settings,
                                             const stimulus::VectorSet& vectors,
                                             const FinalDesign& design, const PairCheck& pair) {
    FinalChecks checks;
    // The pair was compared, so the design built on the run's simulator.
    checks.compiles[std::string(sim::to_string(design.backend))] = true;
    if (pair.confirmed) {
        for (const sim::BackendVerdict& side : pair.confirmed->confirmation.backends) {
            checks.compiles[std::string(sim::to_string(side.backend))] = side.built;
        }
        checks.synthesis = pair.confirmed->synthesis;
    }
    const sim::Backend other = sim::other_backend(design.backend);
    if (const std::string name(sim::to_string(other)); !checks.compiles.contains(name)) {
        auto builds = builds_on(sandbox, settings, vectors, design, other);
        if (!builds) {
            return builds.error();
        }
        checks.compiles[name] = *builds;
    }
    if (!checks.synthesis) {
        auto report = synthesize(sandbox, settings, design.file, design.ifc);
        if (!report) {
            return report.error();
        }
        checks.synthesis = std::move(*report);
    }
    return checks;
}

}  // namespace rtlduet::flow::detail
