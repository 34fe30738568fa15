// hdl/bits.cpp: arbitrary-width values with unknown bits.
#include "hdl/bits.h"

#include <stdexcept>

namespace rtlduet::hdl {
namespace {

std::size_t words_for(int width) { return static_cast<std::size_t>((width + 63) / 64); }

int hex_digit(char ch) {
    if (ch >= '0' && ch <= '9') {
        return ch - '0';
    }
    if (ch >= 'a' && ch <= 'f') {
        return ch - 'a' + 10;
    }
    if (ch >= 'A' && ch <= 'F') {
        return ch - 'A' + 10;
    }
    if (ch == 'x' || ch == 'X' || ch == 'z' || ch == 'Z') {
        return -2;
    }
    return -1;
}

}  // namespace

Bits::Bits(int width) : width_(width), value_(words_for(width), 0), unknown_(words_for(width), 0) {
    if (width < 1) {
        throw std::invalid_argument("Bits: width must be at least 1");
    }
}

Bits Bits::from_u64(int width, std::uint64_t value) {
    Bits bits(width);
    if (width < 64) {
        value &= (std::uint64_t{1} << width) - 1;
    }
    bits.value_[0] = value;
    return bits;
}

std::optional<Bits> Bits::from_hex(int width, std::string_view text) {
    if (text.starts_with("0x") || text.starts_with("0X")) {
        text.remove_prefix(2);
    }
    if (text.empty()) {
        return std::nullopt;
    }
    Bits bits(width);
    int position = 0;  // bit index of the current digit's LSB
    for (auto it = text.rbegin(); it != text.rend(); ++it, position += 4) {
        const int digit = hex_digit(*it);
        if (digit == -1) {
            return std::nullopt;
        }
        for (int b = 0; b < 4; ++b) {
            const int index = position + b;
            const bool is_set = digit == -2 || ((digit >> b) & 1) != 0;
            if (index >= width) {
                if (is_set) {
                    return std::nullopt;
                }
                continue;
            }
            if (digit == -2) {
                bits.set_unknown(index);
            } else {
                bits.set_bit(index, is_set);
            }
        }
    }
    return bits;
}

bool Bits::bit(int index) const {
    return ((value_[static_cast<std::size_t>(index / 64)] >> (index % 64)) & 1) != 0;
}

void Bits::set_bit(int index, bool value) {
    const std::uint64_t mask = std::uint64_t{1} << (index % 64);
    auto& word = value_[static_cast<std::size_t>(index / 64)];
    word = value ? (word | mask) : (word & ~mask);
    unknown_[static_cast<std::size_t>(index / 64)] &= ~mask;
}

bool Bits::is_unknown(int index) const {
    return ((unknown_[static_cast<std::size_t>(index / 64)] >> (index % 64)) & 1) != 0;
}

void Bits::set_unknown(int index) {
    const std::uint64_t mask = std::uint64_t{1} << (index % 64);
    unknown_[static_cast<std::size_t>(index / 64)] |= mask;
    value_[static_cast<std::size_t>(index / 64)] &= ~mask;
}

bool Bits::has_unknown() const {
    for (const std::uint64_t word : unknown_) {
        if (word != 0) {
            return true;
        }
    }
    return false;
}

std::optional<std::uint64_t> Bits::to_u64() const {
    if (width_ > 64 || has_unknown()) {
        return std::nullopt;
    }
    return value_[0];
}

std::string Bits::to_hex() const {
    const int digits = (width_ + 3) / 4;
    std::string text(static_cast<std::size_t>(digits), '0');
    for (int d = 0; d < digits; ++d) {
        int nibble = 0;
        bool is_unknown_digit = false;
        for (int b = 0; b < 4 && d * 4 + b < width_; ++b) {
            nibble |= bit(d * 4 + b) ? (1 << b) : 0;
            is_unknown_digit |= is_unknown(d * 4 + b);
        }
        text[static_cast<std::size_t>(digits - 1 - d)] =
            is_unknown_digit ? 'x' : "0123456789abcdef"[nibble];
    }
    return text;
}

std::string Bits::to_report() const {
    const std::string hex = to_hex();
    const auto first = hex.find_first_not_of('0');
    return "0x" + (first == std::string::npos ? std::string("0") : hex.substr(first));
}

}  // namespace rtlduet::hdl
