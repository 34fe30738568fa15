#include "hdl/bits.h"

#include <cstdint>
#include <span>
#include <string>

#include <doctest/doctest.h>

using rtlduet::hdl::Bits;

TEST_SUITE("hdl.bits") {
    TEST_CASE("hex round-trips at any width, including above 64 bits") {
        auto wide = Bits::from_hex(100, "f0000000000000000000000a5");
        REQUIRE(wide);
        CHECK(wide->to_hex() == "f0000000000000000000000a5");
        CHECK(wide->bit(0));
        CHECK(wide->bit(99));
        CHECK_FALSE(wide->to_u64());
        CHECK(Bits::from_u64(8, 0x3).to_hex() == "03");
        CHECK(Bits::from_u64(8, 0x3).to_report() == "0x3");
        CHECK(Bits::from_u64(3, 0).to_report() == "0x0");
    }

    TEST_CASE("unknown digits become unknown bits and print as x") {
        auto value = Bits::from_hex(8, "x1");
        REQUIRE(value);
        CHECK(value->has_unknown());
        CHECK(value->is_unknown(7));
        CHECK_FALSE(value->is_unknown(0));
        CHECK(value->to_hex() == "x1");
        CHECK_FALSE(value->to_u64());
    }

    TEST_CASE("text wider than the port or not hex is rejected") {
        CHECK_FALSE(Bits::from_hex(4, "1f"));
        CHECK_FALSE(Bits::from_hex(8, "g1"));
        CHECK_FALSE(Bits::from_hex(8, ""));
        CHECK(Bits::from_hex(5, "1f"));
    }

    TEST_CASE("an unknown top digit marks only the bits inside the width") {
        auto one = Bits::from_hex(1, "x");
        REQUIRE(one);
        CHECK(one->is_unknown(0));
        CHECK(one->unknown_count() == 1);
        auto six = Bits::from_hex(6, "z5");
        REQUIRE(six);
        CHECK(six->unknown_count() == 2);
        CHECK(six->to_hex() == "x5");
        CHECK_FALSE(Bits::from_hex(6, "45"));  // a known 1 above the width
    }

    TEST_CASE("words in and out, at 64 bits and above") {
        const std::uint64_t words[] = {0x0123456789abcdefull, 0xffffffffffffffffull};
        const Bits wide = Bits::from_words(70, words);
        CHECK(wide.value_words().size() == 2);
        CHECK(wide.value_words()[1] == 0x3f);  // bits above the width dropped
        CHECK(wide.to_hex() == "3f0123456789abcdef");
        CHECK(Bits::from_words(70, std::span(words, 1)).to_hex() == "000123456789abcdef");
        CHECK(Bits::from_words(8, words).to_u64() == 0xefu);
        CHECK(Bits::from_hex(70, "3f0123456789abcdef") == wide);
    }

    TEST_CASE("unknown bits are counted and never read as set") {
        Bits value(130);
        CHECK_FALSE(value.has_set_bit());
        value.set_unknown(129);
        value.set_unknown(3);
        CHECK(value.unknown_count() == 2);
        CHECK_FALSE(value.has_set_bit());
        value.set_bit(3, true);
        CHECK(value.unknown_count() == 1);
        CHECK(value.has_set_bit());
        std::string text = "=";
        value.append_hex(text);
        CHECK(text == "=x00000000000000000000000000000008");
    }

    TEST_CASE("from_u64 masks to the width") {
        CHECK(Bits::from_u64(4, 0xff).to_u64() == 0xfu);
        CHECK(Bits::from_u64(64, ~0ull).to_u64() == ~0ull);
    }
}
