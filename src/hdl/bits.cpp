// hdl/bits.cpp: arbitrary-width values with unknown bits.
#include "hdl/bits.h"

#include <algorithm>
#include <bit>
#include <stdexcept>

namespace rtlduet::hdl {
namespace {

constexpr int kUnknownDigit = -2;

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
        return kUnknownDigit;
    }
    return -1;
}

std::uint64_t top_mask(int width) {
    const int used = width % 64;
    return used == 0 ? ~std::uint64_t{0} : (std::uint64_t{1} << used) - 1;
}

}  // namespace

Bits::Bits(int width) : width_(width) {
    if (width < 1) {
        throw std::invalid_argument("Bits: width must be at least 1");
    }
    if (width > 64) {
        wide_.assign(2 * word_count(), 0);
    }
}

std::uint64_t* Bits::values() {
    return width_ <= 64 ? &inline_value_ : wide_.data();
}

std::uint64_t* Bits::unknowns() {
    return width_ <= 64 ? &inline_unknown_ : wide_.data() + word_count();
}

std::span<const std::uint64_t> Bits::value_words() const {
    return width_ <= 64 ? std::span<const std::uint64_t>(&inline_value_, 1)
                        : std::span<const std::uint64_t>(wide_.data(), word_count());
}

std::span<const std::uint64_t> Bits::unknown_words() const {
    return width_ <= 64 ? std::span<const std::uint64_t>(&inline_unknown_, 1)
                        : std::span<const std::uint64_t>(wide_.data() + word_count(), word_count());
}

Bits Bits::from_u64(int width, std::uint64_t value) {
    Bits bits(width);
    bits.values()[0] = width < 64 ? value & top_mask(width) : value;
    return bits;
}

Bits Bits::from_words(int width, std::span<const std::uint64_t> words) {
    Bits bits(width);
    const std::size_t count = std::min(words.size(), bits.word_count());
    std::copy_n(words.begin(), count, bits.values());
    if (count == bits.word_count()) {
        bits.values()[count - 1] &= top_mask(width);
    }
    return bits;
}

std::optional<Bits> Bits::from_hex(int width, std::string_view text) {
    if (text.empty()) {
        return std::nullopt;
    }
    Bits bits(width);
    std::uint64_t* value = bits.values();
    std::uint64_t* unknown = bits.unknowns();
    int position = 0;  // bit index of the current digit's LSB (a multiple of 4: in one word)
    for (auto it = text.rbegin(); it != text.rend(); ++it, position += 4) {
        const int digit = hex_digit(*it);
        if (digit == -1) {
            return std::nullopt;
        }
        const int inside = std::clamp(width - position, 0, 4);
        const auto mask = static_cast<std::uint64_t>((1 << inside) - 1);
        if (digit != kUnknownDigit && (static_cast<std::uint64_t>(digit) & ~mask) != 0) {
            return std::nullopt;  // a known 1 beyond the width
        }
        if (inside == 0) {
            continue;
        }
        const auto word = static_cast<std::size_t>(position / 64);
        const int shift = position % 64;
        if (digit == kUnknownDigit) {
            unknown[word] |= mask << shift;
        } else {
            value[word] |= static_cast<std::uint64_t>(digit) << shift;
        }
    }
    return bits;
}

bool Bits::bit(int index) const {
    return ((value_words()[static_cast<std::size_t>(index / 64)] >> (index % 64)) & 1) != 0;
}

void Bits::set_bit(int index, bool value) {
    const std::uint64_t mask = std::uint64_t{1} << (index % 64);
    std::uint64_t& word = values()[index / 64];
    word = value ? (word | mask) : (word & ~mask);
    unknowns()[index / 64] &= ~mask;
}

bool Bits::is_unknown(int index) const {
    return ((unknown_words()[static_cast<std::size_t>(index / 64)] >> (index % 64)) & 1) != 0;
}

void Bits::set_unknown(int index) {
    const std::uint64_t mask = std::uint64_t{1} << (index % 64);
    unknowns()[index / 64] |= mask;
    values()[index / 64] &= ~mask;
}

bool Bits::has_unknown() const {
    return std::ranges::any_of(unknown_words(), [](std::uint64_t word) { return word != 0; });
}

int Bits::unknown_count() const {
    int count = 0;
    for (const std::uint64_t word : unknown_words()) {
        count += std::popcount(word);
    }
    return count;
}

bool Bits::has_set_bit() const {
    return std::ranges::any_of(value_words(), [](std::uint64_t word) { return word != 0; });
}

std::optional<std::uint64_t> Bits::to_u64() const {
    if (width_ > 64 || has_unknown()) {
        return std::nullopt;
    }
    return inline_value_;
}

void Bits::append_hex(std::string& out) const {
    const auto value = value_words();
    const auto unknown = unknown_words();
    for (int d = (width_ + 3) / 4 - 1; d >= 0; --d) {
        const auto word = static_cast<std::size_t>(d / 16);
        const int shift = 4 * (d % 16);
        const bool is_unknown_digit = ((unknown[word] >> shift) & 0xf) != 0;
        out.push_back(is_unknown_digit ? 'x' : "0123456789abcdef"[(value[word] >> shift) & 0xf]);
    }
}

std::string Bits::to_hex() const {
    std::string text;
    text.reserve(static_cast<std::size_t>((width_ + 3) / 4));
    append_hex(text);
    return text;
}

std::string Bits::to_report() const {
    const std::string hex = to_hex();
    const auto first = hex.find_first_not_of('0');
    return "0x" + (first == std::string::npos ? std::string("0") : hex.substr(first));
}

}  // namespace rtlduet::hdl
