// flow/detail/pairs.h: cross-checking a turn's candidates against its models (matched pairs or all
// n x n; simulation already happened per candidate, so a pair costs one trace comparison)
// and choosing the best pair.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "flow/detail/candidates.h"
#include "sim/crosscheck.h"

namespace rtlduet::flow {

struct PairCheck {
    int rtl = 0;
    int model = 0;
    sim::Verdict verdict = sim::Verdict::RtlError;
    double match_rate = 0.0;
    bool is_vacuous = false;
    std::string reason;
    sim::Comparison comparison;  // filled when both sides produced a trace
    /// Filled when the pair agreed on the run's simulator and was confirmed
    /// (flow/detail/confirm_pairs.h): the combined verdict is then `verdict`.
    std::optional<sim::CrosscheckResult> confirmed;
    /// Filled when the confirmed agreement went through the guided check
    /// (flow/detail/guided_pairs.h): its verdict decided the pair's.
    std::optional<sim::CrosscheckResult> guided;
    /// An agreement on the run's simulator whose confirmation and guided check were not run:
    /// a pair preferred before it in the same turn passed both (confirm_pairs.h,
    /// check_agreements).
    bool is_unchecked = false;
    bool is_agreement() const { return verdict == sim::Verdict::Agree; }
};

/// The candidate (or model) of `slot`: slots are numbered from 1, a turn's candidates hold
/// slot i at index i - 1.
template <typename Candidate>
const Candidate& in_slot(const std::vector<Candidate>& candidates, int slot) {
    return candidates[static_cast<std::size_t>(slot - 1)];
}

/// Compares every pair the pairing asks for: (i, i), or all (i, j) when `all_pairs`.
/// Unusable candidates or models pair as rtl_error / model_error with match rate 0.
std::vector<PairCheck> check_pairs(const SharedStimulus::Ready& stimulus,
                                   const std::vector<RtlCandidate>& rtl,
                                   const std::vector<ModelCandidate>& models, bool all_pairs,
                                   const sim::CompareOptions& options);

/// The best pair: highest match rate, then agreements that are not vacuous, then the Verilog
/// candidate that agrees with the most models (agreement clusters), then the lowest slots.
std::optional<PairCheck> best_pair(const std::vector<PairCheck>& pairs);

/// For feedback: the pair a slot should hear about: its own matched pair when that compared
/// traces, else its best comparison with any usable partner.
const PairCheck* partner_for_rtl(const std::vector<PairCheck>& pairs, int rtl_slot);
const PairCheck* partner_for_model(const std::vector<PairCheck>& pairs, int model_slot);

}  // namespace rtlduet::flow
