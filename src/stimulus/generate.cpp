// stimulus/generate.cpp: seeded vectors. The generator is std::mt19937_64 (its output
// sequence is fixed by the standard) and every draw is plain arithmetic on its words, so a
// seed gives the same rows with any standard library.
#include "stimulus/generate.h"

#include <fmt/format.h>

#include "stimulus/detail/rng.h"

namespace rtlduet::stimulus {
namespace {

using detail::corner_value;
using detail::kCorners;
using detail::random_value;
using detail::Rng;

constexpr int kMaxReassertRows = 3;

hdl::Bits data_value(int width, double corner_rate, Rng& rng) {
    if (rng.chance(corner_rate)) {
        return corner_value(width, kCorners[rng.below(kCorners.size())]);
    }
    return random_value(width, rng);
}

// Reset rows: the first reset_cycles (always leaving the last row released, so the reset is
// never held for the whole run), then runs of 1-3 rows started at random.
std::vector<bool> reset_schedule(const StimulusOptions& options, Rng& rng) {
    std::vector<bool> rows(options.count, false);
    const std::size_t initial =
        std::min(static_cast<std::size_t>(options.reset_cycles), options.count - 1);
    std::fill(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(initial), true);
    for (std::size_t row = initial; row + 1 < options.count; ++row) {
        if (!rows[row] && rng.chance(options.reset_reassert_rate)) {
            const auto length = static_cast<std::size_t>(1 + rng.below(kMaxReassertRows));
            for (std::size_t k = 0; k < length && row + k + 1 < options.count; ++k) {
                rows[row + k] = true;
            }
        }
    }
    return rows;
}

util::Status check_options(const StimulusOptions& options) {
    const auto is_rate = [](double p) { return p >= 0.0 && p <= 1.0; };
    if (options.count == 0 || options.reset_cycles < 0 || !is_rate(options.corner_rate) ||
        !is_rate(options.reset_reassert_rate)) {
        return util::make_error(
            util::ErrorKind::Usage,
            fmt::format("bad stimulus options: count {} (needs > 0), reset cycles {} (needs >= 0), "
                        "rates {} and {} (need 0..1)",
                        options.count, options.reset_cycles, options.corner_rate,
                        options.reset_reassert_rate));
    }
    return {};
}

}  // namespace

util::Result<VectorSet> generate_vectors(const hdl::Interface& ifc,
                                         const StimulusOptions& options) {
    if (auto checked = check_options(options); !checked) {
        return checked.error();
    }
    Rng rng(options.seed);
    VectorSet set{.inputs = ifc.driven_inputs(), .seed = options.seed};
    std::optional<std::size_t> reset_column;
    if (ifc.reset) {
        for (std::size_t c = 0; c < set.inputs.size(); ++c) {
            if (set.inputs[c].name == ifc.reset->name) {
                reset_column = c;
            }
        }
    }
    if (reset_column) {
        set.reset_name = ifc.reset->name;
        set.reset_rows = reset_schedule(options, rng);
    }
    set.rows.reserve(options.count);
    for (std::size_t row = 0; row < options.count; ++row) {
        std::vector<hdl::Bits>& values = set.rows.emplace_back();
        values.reserve(set.inputs.size());
        for (std::size_t c = 0; c < set.inputs.size(); ++c) {
            if (c == reset_column) {
                const bool level = set.reset_rows[row] != ifc.reset->is_active_low;
                values.push_back(hdl::Bits::from_u64(1, level ? 1 : 0));
            } else {
                values.push_back(data_value(set.inputs[c].width, options.corner_rate, rng));
            }
        }
    }
    return set;
}

bool is_reset_row(const VectorSet& vectors, std::size_t row) {
    return row < vectors.reset_rows.size() && vectors.reset_rows[row];
}

}  // namespace rtlduet::stimulus
