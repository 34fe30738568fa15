// hdl/bits.h: a fixed-width unsigned value of any width with a per-bit unknown (X/Z) mask:
// the one value type of stimuli, traces and mismatch reports. A value of up to 64 bits is
// held inline: a 100 000-row trace holds hundreds of thousands of them.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rtlduet::hdl {

class Bits {
public:
    explicit Bits(int width = 1);
    static Bits from_u64(int width, std::uint64_t value);
    /// The value of little-endian 64-bit words; missing words are zero, bits above the
    /// width are dropped.
    static Bits from_words(int width, std::span<const std::uint64_t> words);
    /// Parses hex digits, no prefix ('x'/'z' digits make their bits unknown, in a top digit
    /// only those inside the width), as the harnesses print them. Known digits beyond the
    /// width must be zero. Returns nullopt on bad text.
    static std::optional<Bits> from_hex(int width, std::string_view text);

    int width() const { return width_; }
    bool bit(int index) const;
    void set_bit(int index, bool value);
    bool is_unknown(int index) const;
    void set_unknown(int index);
    bool has_unknown() const;
    /// How many bits are unknown.
    int unknown_count() const;
    /// Some known bit is 1 (unknown bits never count as set).
    bool has_set_bit() const;
    /// The value when it fits 64 bits and has no unknown bits.
    std::optional<std::uint64_t> to_u64() const;
    /// Lower-case hex, ceil(width/4) digits, no prefix; a digit with an unknown bit is 'x'.
    std::string to_hex() const;
    /// to_hex() appended to `out` (no temporary string per value).
    void append_hex(std::string& out) const;
    /// "0x" + to_hex() with leading zeros trimmed (at least one digit), as in reports.
    std::string to_report() const;

    /// ceil(width/64) little-endian words each; an unknown bit reads 0 in value_words().
    std::span<const std::uint64_t> value_words() const;
    std::span<const std::uint64_t> unknown_words() const;
    bool operator==(const Bits&) const = default;

private:
    std::size_t word_count() const { return static_cast<std::size_t>((width_ + 63) / 64); }
    std::uint64_t* values();
    std::uint64_t* unknowns();

    int width_;
    std::uint64_t inline_value_ = 0;    // width <= 64
    std::uint64_t inline_unknown_ = 0;  // width <= 64
    std::vector<std::uint64_t> wide_;   // width > 64: the value words, then the unknown words
};

}  // namespace rtlduet::hdl
