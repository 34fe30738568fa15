// stimulus/detail/rng.h: the seeded generator and the value shapes (random words, corner
// values) that the uniform stimulus and the guided rows share. Draws are plain arithmetic on
// std::mt19937_64 words, so a seed gives the same rows with any standard library.
#pragma once

#include <array>
#include <cstdint>
#include <random>
#include <vector>

#include "hdl/bits.h"

namespace rtlduet::stimulus::detail {

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

inline hdl::Bits corner_value(int width, Corner corner) {
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

// One draw a 64-bit word, bit i of the value from bit i % 64 of word i / 64.
inline hdl::Bits random_value(int width, Rng& rng) {
    if (width <= 64) {
        return hdl::Bits::from_u64(width, rng.next());
    }
    std::vector<std::uint64_t> words(static_cast<std::size_t>((width + 63) / 64));
    for (std::uint64_t& word : words) {
        word = rng.next();
    }
    return hdl::Bits::from_words(width, words);
}

}  // namespace rtlduet::stimulus::detail
