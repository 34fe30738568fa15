#include "util/hash.h"

#include <string>

#include <doctest/doctest.h>

using namespace rtlduet::util;

TEST_SUITE("util.hash") {
    TEST_CASE("sha256 matches the FIPS 180-4 test vectors") {
        CHECK(sha256_hex("") ==
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        CHECK(sha256_hex("abc") ==
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
        CHECK(sha256_hex(std::string(1000000, 'a')) ==
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    }

    TEST_CASE("incremental updates equal one update") {
        CHECK(Sha256().update("ab").update("c").hex_digest() == sha256_hex("abc"));
    }

    TEST_CASE("length-prefixed fields keep field boundaries apart") {
        CHECK(Sha256().field("ab").field("c").hex_digest() !=
              Sha256().field("a").field("bc").hex_digest());
    }
}
