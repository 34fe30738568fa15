// stimulus/vectors.h: a set of input vectors, one row per cycle (sequential) or per
// evaluation (combinational); columns are the interface's driven inputs in order.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hdl/bits.h"
#include "hdl/interface.h"

namespace rtlduet::stimulus {

struct VectorSet {
    std::vector<hdl::Port> inputs;             // == Interface::driven_inputs()
    std::vector<std::vector<hdl::Bits>> rows;  // rows[cycle][input column]
    std::uint64_t seed = 0;
    std::vector<bool> reset_rows;  // per row: reset asserted; empty when there is no reset
    std::string reset_name;        // the reset input's column name; empty when none
};

}  // namespace rtlduet::stimulus
