// flow/detail/guided_pairs.h: the last test of an agreeing pair before it counts. The turn's
// rows are uniform, shared by every pair of the run; uniform rows rarely reach deep states
// (an FSM's rare exit, a counter's wrap). So a pair that agreed and was confirmed is
// cross-checked once more exactly as its reproduce command does: `rtlduet crosscheck` with
// the same seed and rows, coverage-guided rows in the tail, coverage as part of vacuity and
// the other simulator's confirmation. Only when that agrees too does the pair agree.
#pragma once

#include <vector>

#include "flow/detail/candidates.h"
#include "flow/detail/confirm_pairs.h"
#include "flow/detail/pairs.h"

namespace rtlduet::flow::detail {

/// Runs the guided check of every agreeing pair of the design in `rtl_slot` (concurrently,
/// each holding a simulation slot) when SimSettings::guided is on. A pair it turns down takes
/// its verdict, reason and comparison (the mismatches the guided rows found go back to the
/// agents); every checked pair keeps the check's result in `guided` (and in `confirmed` when
/// it found the design simulator-dependent, for the portability feedback). Errors: the
/// environment.
util::Result<ConfirmCost> check_agreements_guided(const TurnContext& ctx,
                                                  const SharedStimulus::Ready& stimulus,
                                                  const std::vector<RtlCandidate>& rtl,
                                                  const std::vector<ModelCandidate>& models,
                                                  const sim::CompareOptions& compare, int rtl_slot,
                                                  std::vector<PairCheck>& pairs);

}  // namespace rtlduet::flow::detail
