// stimulus/generate.h: seeded, reproducible input vectors for an interface: random data with
// corner values mixed in, and a reset asserted at the start and now and then mid-run.
#pragma once

#include <cstddef>
#include <cstdint>

#include "hdl/interface.h"
#include "stimulus/vectors.h"
#include "util/error.h"

namespace rtlduet::stimulus {

struct StimulusOptions {
    std::size_t count = 1000;  // rows (cycles or combinational evaluations)
    std::uint64_t seed = 1;
    int reset_cycles = 2;               // reset asserted for the first cycles
    double reset_reassert_rate = 0.02;  // chance per row of a mid-run re-assertion (1-3 rows)
    double corner_rate = 0.2;           // share of corner values: 0, all ones, MSB only,
                                        // alternating 0101/1010, 1
};

/// Seeded and reproducible: same interface + options -> same rows. Columns are
/// Interface::driven_inputs(). Widths > 64 bits supported (hdl::Bits).
/// Errors (Usage): count 0, negative reset_cycles, rates outside [0, 1].
util::Result<VectorSet> generate_vectors(const hdl::Interface& ifc, const StimulusOptions& options);

/// Whether the reset input is asserted in `row` (false when the set has no reset treatment).
bool is_reset_row(const VectorSet& vectors, std::size_t row);

}  // namespace rtlduet::stimulus
