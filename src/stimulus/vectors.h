// stimulus/vectors.h: a set of input vectors, one row per cycle (sequential) or per
// evaluation (combinational); columns are the interface's driven inputs in order.
#pragma once

#include <cstdint>
#include <vector>

#include "hdl/bits.h"
#include "hdl/interface.h"

namespace rtlduet::stimulus {

struct VectorSet {
    std::vector<hdl::Port> inputs;              // == Interface::driven_inputs()
    std::vector<std::vector<hdl::Bits>> rows;   // rows[cycle][input column]
    std::uint64_t seed = 0;
};

}  // namespace rtlduet::stimulus
