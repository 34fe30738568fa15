// stimulus/guided.h: rows aimed at coverage the uniform rows did not reach. A guided round
// replaces one segment of the rows with sequences built from the rows that reached new
// coverage before: held patterns, mutated replays, a reset asserted right after a replay (in
// the state it reached), corner values held per input. Seeded and reproducible; every row
// keeps its source.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "hdl/interface.h"
#include "stimulus/vectors.h"

namespace rtlduet::stimulus {

struct GuidedRequest {
    std::size_t from = 0;  // the segment to replace: rows [from, to)
    std::size_t to = 0;
    /// Row ranges [first, last) that reached coverage no earlier row reached, before `from`.
    std::vector<std::pair<std::size_t, std::size_t>> productive;
    std::uint64_t seed = 1;
    int round = 0;  // mixed into the seed: each round draws different rows (0: no coverage yet)
};

/// `base` with rows [from, to) replaced by guided rows (sources and reset rows updated).
/// Rows outside the segment are unchanged. A segment outside the rows is clamped.
VectorSet guided_rows(const hdl::Interface& ifc, const VectorSet& base,
                      const GuidedRequest& request);

}  // namespace rtlduet::stimulus
