// stimulus/generate.cpp: seeded vectors. The generator is std::mt19937_64 (its output
// sequence is fixed by the standard) and every draw is plain arithmetic on its words, so a
// seed gives the same rows with any standard library.
#include "stimulus/generate.h"

#include <array>
#include <random>

#include <fmt/format.h>

namespace rtlduet::stimulus {
namespace {

constexpr int kMaxReassertRows = 3;

class Rng {
public:
    explicit Rng(std::uint64_t seed) : engine_(seed) {}
    std::uint64_t next() { return engine_(); }
    /// True with probability p (53-bit resolution).
    bool chance(double p) { return static_cast<double>(next() >> 11) * 0x1.0p-53 < p; }
    /// Uniform-enough integer in [0, n): n is tiny next to 2^64.
    std::uint64_t below(std::uint64_t n) { return next() % n; }

private:
    std::mt19937_64 engine_;
};

enum class Corner { Zero, AllOnes, MsbOnly, Alternating01, Alternating10, One };
constexpr std::array<Corner, 6> kCorners = {Corner::Zero,          Corner::AllOnes,
                                            Corner::MsbOnly,       Corner::Alternating01,
                                            Corner::Alternating10, Corner::One};

hdl::Bits corner_value(int width, Corner corner) {
    hdl::Bits bits(width);
    for (int i = 0; i < width; ++i) {
        const bool is_set =
            corner == Corner::AllOnes || (corner == Corner::MsbOnly && i == width - 1) ||
            (corner == Corner::One && i == 0) || (corner == Corner::Alternating01 && i % 2 == 0) ||
            (corner == Corner::Alternating10 && i % 2 == 1);
        bits.set_bit(i, is_set);
    }
    return bits;
}

hdl::Bits random_value(int width, Rng& rng) {
    hdl::Bits bits(width);
    std::uint64_t word = 0;
    for (int i = 0; i < width; ++i) {
        if (i % 64 == 0) {
            word = rng.next();
        }
        bits.set_bit(i, ((word >> (i % 64)) & 1u) != 0);
    }
    return bits;
}

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
