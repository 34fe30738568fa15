#include "bench/regress.h"

#include <doctest/doctest.h>

using namespace rtlduet::bench;

namespace {

SummaryTally tally(std::string suite, double pass_at_1, std::vector<ProblemTally> problems) {
    return SummaryTally{.suite = std::move(suite),
                        .source = "test",
                        .pass_at_1 = pass_at_1,
                        .problems = std::move(problems)};
}

}  // namespace

TEST_SUITE("bench.regress") {
    TEST_CASE("equal summaries are no regression") {
        const auto a = tally("s", 0.5, {{"P1", 1, 1}, {"P2", 1, 0}});
        auto report = compare_summaries(a, a, 0.0);
        REQUIRE(report);
        CHECK_FALSE(report->is_regression());
    }

    TEST_CASE("a problem that passed and now fails is a regression even at equal pass@1") {
        const auto base = tally("s", 0.5, {{"P1", 1, 1}, {"P2", 1, 0}});
        const auto now = tally("s", 0.5, {{"P1", 1, 0}, {"P2", 1, 1}});
        auto report = compare_summaries(base, now, 0.0);
        REQUIRE(report);
        CHECK(report->is_regression());
        CHECK(report->newly_failing() == std::vector<std::string>{"P1"});
        CHECK_FALSE(report->pass_at_1_dropped);
    }

    TEST_CASE("a pass@1 drop beyond the tolerance is a regression, within it is not") {
        const auto base = tally("s", 0.60, {{"P1", 10, 6}});
        const auto now = tally("s", 0.55, {{"P1", 10, 5}});
        auto strict = compare_summaries(base, now, 0.01);
        REQUIRE(strict);
        CHECK(strict->pass_at_1_dropped);
        CHECK(strict->is_regression());
        auto loose = compare_summaries(base, now, 0.10);
        REQUIRE(loose);
        CHECK_FALSE(loose->is_regression());
        CHECK(loose->problems.front().change == ProblemChange::Degraded);
    }

    TEST_CASE("a passing problem missing from the current summary counts as lost") {
        const auto base = tally("s", 1.0, {{"P1", 1, 1}, {"P2", 1, 1}});
        const auto now = tally("s", 1.0, {{"P1", 1, 1}});
        auto report = compare_summaries(base, now, 0.0);
        REQUIRE(report);
        CHECK(report->newly_failing() == std::vector<std::string>{"P2"});
    }

    TEST_CASE("summaries of different suites are refused") {
        auto report = compare_summaries(tally("a", 1, {}), tally("b", 1, {}), 0.0);
        REQUIRE_FALSE(report);
        CHECK(report.error().kind == rtlduet::util::ErrorKind::Input);
    }

    TEST_CASE("junit has one testcase per problem plus the pass@1 gate and marks failures") {
        const auto base = tally("s", 1.0, {{"P1", 1, 1}, {"P2", 1, 1}});
        const auto now = tally("s", 0.5, {{"P1", 1, 1}, {"P2", 1, 0}});
        auto report = compare_summaries(base, now, 0.0);
        REQUIRE(report);
        const std::string xml = render_regression_junit(*report);
        CHECK(xml.find("<testsuite name=\"s\" tests=\"3\" failures=\"2\"") != std::string::npos);
        CHECK(xml.find("name=\"P2\">\n      <failure") != std::string::npos);
        CHECK(xml.find("name=\"P1\">\n      <system-out>") != std::string::npos);
    }
}
