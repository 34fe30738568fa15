// util/hash.h: SHA-256 content hashing for cache keys and config hashes.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace rtlduet::util {

class Sha256 {
public:
    Sha256();
    Sha256& update(std::string_view data);
    /// Adds a length-prefixed field, so ("ab","c") and ("a","bc") hash differently.
    Sha256& field(std::string_view data);
    std::string hex_digest();

private:
    void compress(const std::uint8_t* block);

    std::array<std::uint32_t, 8> state_;
    std::array<std::uint8_t, 64> buffer_{};
    std::size_t buffered_ = 0;
    std::uint64_t total_bytes_ = 0;
};

std::string sha256_hex(std::string_view data);

}  // namespace rtlduet::util
