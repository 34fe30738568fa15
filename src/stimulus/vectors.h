// stimulus/vectors.h: a set of input vectors, one row per cycle (sequential) or per
// evaluation (combinational); columns are the interface's driven inputs in order.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "hdl/bits.h"
#include "hdl/interface.h"

namespace rtlduet::stimulus {

/// Where a row came from: the uniform generator, or one of the guided strategies
/// (stimulus/guided.h) that replaced it to reach coverage the uniform rows missed.
enum class RowSource : std::uint8_t { Random, Hold, Replay, ResetInState, Corner };

/// "random", "guided_hold", "guided_replay", "guided_reset_in_state", "guided_corner".
std::string_view to_string(RowSource source);

struct VectorSet {
    std::vector<hdl::Port> inputs;             // == Interface::driven_inputs()
    std::vector<std::vector<hdl::Bits>> rows;  // rows[cycle][input column]
    std::uint64_t seed = 0;
    std::vector<bool> reset_rows;    // per row: reset asserted; empty when there is no reset
    std::string reset_name;          // the reset input's column name; empty when none
    std::vector<RowSource> sources;  // per row; empty: every row is Random
};

}  // namespace rtlduet::stimulus
