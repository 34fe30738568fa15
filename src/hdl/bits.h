// hdl/bits.h: a fixed-width unsigned value of any width with a per-bit unknown (X/Z) mask:
// the one value type of stimuli, traces and mismatch reports.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rtlduet::hdl {

class Bits {
public:
    explicit Bits(int width = 1);
    static Bits from_u64(int width, std::uint64_t value);
    /// Parses hex digits (optional 0x prefix; 'x'/'z' digits make four unknown bits).
    /// Digits beyond the width must be zero. Returns nullopt on bad text.
    static std::optional<Bits> from_hex(int width, std::string_view text);

    int width() const { return width_; }
    bool bit(int index) const;
    void set_bit(int index, bool value);
    bool is_unknown(int index) const;
    void set_unknown(int index);
    bool has_unknown() const;
    /// The value when it fits 64 bits and has no unknown bits.
    std::optional<std::uint64_t> to_u64() const;
    /// Lower-case hex, ceil(width/4) digits, no prefix; a digit with an unknown bit is 'x'.
    std::string to_hex() const;
    /// "0x" + to_hex() with leading zeros trimmed (at least one digit), as in reports.
    std::string to_report() const;

    const std::vector<std::uint64_t>& value_words() const { return value_; }
    const std::vector<std::uint64_t>& unknown_words() const { return unknown_; }
    bool operator==(const Bits&) const = default;

private:
    int width_;
    std::vector<std::uint64_t> value_;
    std::vector<std::uint64_t> unknown_;
};

}  // namespace rtlduet::hdl
