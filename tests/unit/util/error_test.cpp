#include "util/error.h"

#include <doctest/doctest.h>

using namespace rtlduet::util;

TEST_SUITE("util.error") {
    TEST_CASE("an error with a location renders as file:line: message") {
        Error error = make_error(ErrorKind::Input, "unexpected token");
        error.where = SourceLocation{.file = "spec.txt", .line = 3};
        CHECK(error.what() == "spec.txt:3: unexpected token");
    }

    TEST_CASE("context is prefixed to the message") {
        const Error error = make_error(ErrorKind::Io, "disk full").with_context("writing x");
        CHECK(error.message == "writing x: disk full");
        CHECK(error.kind == ErrorKind::Io);
    }

    TEST_CASE("a result holds either a value or an error") {
        Result<int> good = 4;
        REQUIRE(good);
        CHECK(*good == 4);
        Result<int> bad = make_error(ErrorKind::Tool, "missing");
        REQUIRE_FALSE(bad);
        CHECK(bad.error().message == "missing");
        Status ok;
        CHECK(static_cast<bool>(ok));
        Status failed = make_error(ErrorKind::Usage, "bad flag");
        CHECK_FALSE(failed);
    }
}
