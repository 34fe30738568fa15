#include "hdl/bits.h"

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

    TEST_CASE("from_u64 masks to the width") {
        CHECK(Bits::from_u64(4, 0xff).to_u64() == 0xfu);
        CHECK(Bits::from_u64(64, ~0ull).to_u64() == ~0ull);
    }
}
