// sim/trace.h: what a simulation or a model run produced: the output values of every row,
// sampled before the rising clock edge (sequential designs) and after it (or once settled).
#pragma once

#include <vector>

#include "hdl/bits.h"

namespace rtlduet::sim {

enum class Phase { PreEdge, PostEdge };

struct Trace {
    bool is_sequential = false;
    /// [row][output], outputs in interface order. Empty when not sampled: combinational
    /// designs, and models without an outputs() method.
    std::vector<std::vector<hdl::Bits>> pre;
    /// [row][output]: after the rising edge (sequential) or after settling (combinational).
    std::vector<std::vector<hdl::Bits>> post;
    bool operator==(const Trace&) const = default;
};

}  // namespace rtlduet::sim
