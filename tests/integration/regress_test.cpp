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

    TEST_CASE("a tolerance above 1 is refused, a percentage is a fraction of pass@1") {
        const auto whole = run_rtlduet({"regress", "--baseline", fixture("improved.json"),
                                        "--current", fixture("baseline.json"), "--tolerance", "2"});
        CHECK(whole.exit_code == 2);
        CHECK(whole.err.find("from 0 to 1 like 0.02, or a percentage like 2%") !=
              std::string::npos);
        const auto percent =
            run_rtlduet({"regress", "--baseline", fixture("baseline.json"), "--current",
                         fixture("baseline.json"), "--tolerance", "2%"});
        CHECK(percent.exit_code == 0);
        CHECK(percent.out.find("(tolerance 0.0200)") != std::string::npos);
    }

    TEST_CASE("--flaky problems may stop passing; pass@1 is then gated over the others") {
        const auto lost =
            run_rtlduet({"regress", "--baseline", fixture("baseline.json"), "--current",
                         fixture("swapped.json"), "--flaky", "Prob002_*"});
        CHECK(lost.exit_code == 0);
        CHECK(lost.out.find("no longer passing, allowed as flaky: Prob002_b") != std::string::npos);
        // improved -> baseline loses Prob003_c only: flaky, the others hold pass@1 at 1.0.
        const auto dropped = run_rtlduet({"regress", "--baseline", fixture("improved.json"),
                                          "--current", fixture("baseline.json")});
        CHECK(dropped.exit_code == 1);
        const auto allowed =
            run_rtlduet({"regress", "--baseline", fixture("improved.json"), "--current",
                         fixture("baseline.json"), "--flaky", "Prob009_x,Prob003_c"});
        CHECK(allowed.exit_code == 0);
        CHECK(allowed.out.find("pass@1 without flaky problems: baseline 1.0000, current 1.0000") !=
              std::string::npos);
        // A non-flaky problem that stops passing still fails the gate.
        const auto still =
            run_rtlduet({"regress", "--baseline", fixture("baseline.json"), "--current",
                         fixture("swapped.json"), "--flaky", "Prob003_c"});
        CHECK(still.exit_code == 1);
    }
}
