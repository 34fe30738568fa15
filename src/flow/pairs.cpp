// flow/pairs.cpp: pair comparison and selection.
#include "flow/detail/pairs.h"

#include <algorithm>

namespace rtlduet::flow {
namespace {

PairCheck check_one(const SharedStimulus::Ready& stimulus, const RtlCandidate& rtl,
                    const ModelCandidate& model, const sim::CompareOptions& options) {
    PairCheck pair{.rtl = rtl.slot, .model = model.slot};
    if (!rtl.is_usable) {
        pair.reason = "the Verilog candidate is not usable: " + rtl.problem;
        return pair;
    }
    if (rtl.simulation->failure) {
        if (rtl.simulation->failure->timed_out) {
            pair.verdict = sim::Verdict::Timeout;
        }
        pair.reason = "the design failed to simulate: " + rtl.simulation->failure->message;
        return pair;
    }
    if (!model.is_usable) {
        const bool is_timeout =
            model.run && model.run->error && model.run->error->kind == sim::ModelErrorKind::Timeout;
        pair.verdict = is_timeout ? sim::Verdict::Timeout : sim::Verdict::ModelError;
        pair.reason = "the model is not usable: " + model.problem;
        return pair;
    }
    pair.comparison = sim::compare(stimulus.ifc, stimulus.vectors, rtl.simulation->trace,
                                   model.run->trace, options);
    pair.verdict = sim::judge(pair.comparison);

    pair.match_rate = pair.comparison.match_rate;
    pair.is_vacuous = pair.comparison.exercise.is_vacuous;
    return pair;
}

bool has_trace_comparison(const PairCheck& pair) {
    return pair.verdict == sim::Verdict::Agree || pair.verdict == sim::Verdict::Disagree ||
           pair.verdict == sim::Verdict::SimulatorDependent || pair.comparison.compared_rows > 0;
}

int cluster_size(const std::vector<PairCheck>& pairs, int rtl_slot) {
    return static_cast<int>(std::count_if(pairs.begin(), pairs.end(), [&](const PairCheck& p) {
        return p.rtl == rtl_slot && p.is_agreement();
    }));
}

template <typename SlotOf>
const PairCheck* partner_for(const std::vector<PairCheck>& pairs, int slot, SlotOf slot_of) {
    const PairCheck* best = nullptr;
    for (const PairCheck& pair : pairs) {
        if (slot_of(pair) != slot || !has_trace_comparison(pair)) {
            continue;
        }
        const bool is_matched = pair.rtl == pair.model;
        if (best == nullptr || (is_matched && best->rtl != best->model) ||
            (is_matched == (best->rtl == best->model) && pair.match_rate > best->match_rate)) {
            best = &pair;
        }
    }
    return best;
}

}  // namespace

std::vector<PairCheck> check_pairs(const SharedStimulus::Ready& stimulus,
                                   const std::vector<RtlCandidate>& rtl,
                                   const std::vector<ModelCandidate>& models, bool all_pairs,
                                   const sim::CompareOptions& options) {
    std::vector<PairCheck> pairs;
    for (const RtlCandidate& candidate : rtl) {
        for (const ModelCandidate& model : models) {
            if (all_pairs || candidate.slot == model.slot) {
                pairs.push_back(check_one(stimulus, candidate, model, options));
            }
        }
    }
    return pairs;
}

std::optional<PairCheck> best_pair(const std::vector<PairCheck>& pairs) {
    const PairCheck* best = nullptr;
    int best_cluster = 0;
    for (const PairCheck& pair : pairs) {
        const int cluster = cluster_size(pairs, pair.rtl);
        const auto key = [](const PairCheck& p, int c) {
            return std::tuple(p.match_rate, p.is_agreement(), !p.is_unchecked, c);
        };
        if (best == nullptr || key(pair, cluster) > key(*best, best_cluster)) {
            best = &pair;
            best_cluster = cluster;
        }
    }
    if (best == nullptr) {
        return std::nullopt;
    }
    return *best;
}

const PairCheck* partner_for_rtl(const std::vector<PairCheck>& pairs, int rtl_slot) {
    return partner_for(pairs, rtl_slot, [](const PairCheck& p) { return p.rtl; });
}

const PairCheck* partner_for_model(const std::vector<PairCheck>& pairs, int model_slot) {
    return partner_for(pairs, model_slot, [](const PairCheck& p) { return p.model; });
}

}  // namespace rtlduet::flow
