// `rtlduet regress` through the binary: exit codes, the table and the JUnit file.
#include <doctest/doctest.h>

#include "support/run_binary.h"
#include "util/files.h"
#include "util/temp_dir.h"

using rtlduet::testing::run_rtlduet;
using rtlduet::testing::source_path;

namespace {
std::string fixture(const char* name) {
    return source_path("tests/data/regress").string() + "/" + name;
}
}  // namespace

TEST_SUITE("integration.regress") {
    TEST_CASE("equal summaries pass with exit 0") {
        const auto run = run_rtlduet({"regress", "--baseline", fixture("baseline.json"),
                                      "--current", fixture("baseline.json")});
        CHECK(run.exit_code == 0);
        CHECK(run.out.find("verdict: no regression") != std::string::npos);
    }

    TEST_CASE("an improvement passes") {
        const auto run = run_rtlduet({"regress", "--baseline", fixture("baseline.json"),
                                      "--current", fixture("improved.json")});
        CHECK(run.exit_code == 0);
        CHECK(run.out.find("improved") != std::string::npos);
    }

    TEST_CASE("a dropped problem exits 1, is listed, and is a JUnit failure") {
        auto dir = rtlduet::util::TempDir::create("rtlduet-regress-");
        REQUIRE(dir);
        const auto junit = dir->path() / "regress.xml";
        const auto run =
            run_rtlduet({"regress", "--baseline", fixture("baseline.json"), "--current",
                         fixture("swapped.json"), "--junit", junit.string()});
        CHECK(run.exit_code == 1);
        CHECK(run.out.find("no longer passing: Prob002_b") != std::string::npos);
        auto xml = rtlduet::util::read_file(junit);
        REQUIRE(xml);
        CHECK(xml->find("<testcase classname=\"mini\" name=\"Prob002_b\">\n      <failure") !=
              std::string::npos);
    }

    TEST_CASE("a pass@1 drop beyond the tolerance exits 1 and within it exits 0") {
        const auto strict = run_rtlduet({"regress", "--baseline", fixture("improved.json"),
                                         "--current", fixture("baseline.json")});
        CHECK(strict.exit_code == 1);
        CHECK(strict.out.find("DROPPED") != std::string::npos);
    }

    TEST_CASE("different suites are refused with exit 2") {
        const auto run = run_rtlduet({"regress", "--baseline", fixture("baseline.json"),
                                      "--current", fixture("other_suite.json")});
        CHECK(run.exit_code == 2);
        CHECK(run.err.find("different suites") != std::string::npos);
    }

    TEST_CASE("a bad tolerance is a usage error") {
        const auto run =
            run_rtlduet({"regress", "--baseline", fixture("baseline.json"), "--current",
                         fixture("baseline.json"), "--tolerance", "lots"});
        CHECK(run.exit_code == 2);
    }
}
