// flow/detail/feedback.h: the mismatch report sent to an agent after a disagreement, in the prompt
// set's style: rtlduet's table (mismatches with inputs, the rows before the first one,
// exercise warnings) or the compatible one-line-per-mismatch form.
#pragma once

#include <string>

#include "flow/agents.h"
#include "flow/detail/pairs.h"

namespace rtlduet::flow {

struct FeedbackLimits {
    std::size_t mismatches = 5;
    std::size_t context_rows = 3;
};

/// Feedback about `pair` for the agent of `receiver`: "got" / "yours" is the receiver's side.
std::string render_feedback(const PairCheck& pair, AgentRole receiver, FeedbackStyle style,
                            const FeedbackLimits& limits);

}  // namespace rtlduet::flow
