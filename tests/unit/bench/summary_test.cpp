#include "bench/summary.h"

#include <doctest/doctest.h>

using namespace rtlduet::bench;

namespace {

SampleResult result(std::string problem, int sample, Verdict verdict,
                    Verdict official = Verdict::Fail) {
    return SampleResult{.problem = std::move(problem),
                        .sample = sample,
                        .verdict = verdict,
                        .official_verdict = official};
}

}  // namespace

TEST_SUITE("bench.summary") {
    TEST_CASE("pass@k matches hand-computed values") {
        // 1 - C(n-c,k)/C(n,k)
        CHECK(pass_at_k(10, 3, 1) == doctest::Approx(0.3));
        CHECK(pass_at_k(5, 2, 2) == doctest::Approx(1.0 - 3.0 / 10.0));     // C(3,2)/C(5,2)
        CHECK(pass_at_k(10, 2, 5) == doctest::Approx(1.0 - 56.0 / 252.0));  // C(8,5)/C(10,5)
        CHECK(pass_at_k(20, 1, 10) == doctest::Approx(0.5));
        CHECK(pass_at_k(4, 0, 1) == 0.0);
        CHECK(pass_at_k(4, 4, 4) == 1.0);
        CHECK(pass_at_k(5, 3, 3) == 1.0);  // fewer than k failures: some k-subset always passes
    }

    TEST_CASE("pass@k stays accurate for many samples") {
        // 1 - C(190,100)/C(200,100) = 0.9992289739... (exact integers)
        const double value = pass_at_k(200, 10, 100);
        CHECK(value == doctest::Approx(0.9992290).epsilon(1e-6));
    }

    TEST_CASE("averages pass@k over scored problems and keeps skipped ones visible") {
        SummaryContext context{.suite = "s", .selected_problems = {"A", "B", "C", "D"}};
        const Summary summary = summarize(
            context, {result("B", 2, Verdict::Fail), result("A", 1, Verdict::Pass, Verdict::Pass),
                      result("A", 2, Verdict::Pass, Verdict::Pass), result("B", 1, Verdict::Pass),
                      result("C", 1, Verdict::Skipped), result("C", 2, Verdict::Skipped)});
        CHECK(summary.problems == 3);
        CHECK(summary.scored_problems == 2);
        CHECK(summary.samples_per_problem == 2);
        CHECK(summary.pass_at_1 == doctest::Approx(0.75));
        CHECK(summary.pass_at_k.size() == 1);  // k = 5 needs 5 samples per problem
        CHECK(summary.official_pass_at_1 == doctest::Approx(1.0 / 3.0));
        CHECK(summary.skipped_problems == std::vector<std::string>{"C"});
        CHECK(summary.problems_without_samples == std::vector<std::string>{"D"});
        CHECK(summary.results.front().problem == "A");
        CHECK(summary.verdicts == VerdictCounts{.pass = 3, .fail = 1, .skipped = 2});
    }

    TEST_CASE("summary.json carries the contract fields") {
        const Summary summary =
            summarize({.suite = "s", .config_hash = "abc", .tools = {"11.0", "5.006"}},
                      {result("A", 1, Verdict::Timeout)});
        const std::string json = summary_json(summary);
        for (const char* field :
             {"\"suite\": \"s\"", "\"problems\": 1", "\"samples_per_problem\": 1",
              "\"pass_at_1\": 0.0", "\"pass_at_k\"", "\"timeout\": 1", "\"config_hash\": \"abc\"",
              "\"iverilog\": \"11.0\"", "\"official_verdict\": \"fail\"", "\"seconds\""}) {
            CHECK_MESSAGE(json.find(field) != std::string::npos, field);
        }
    }

    TEST_CASE("JUnit has one testsuite, a testcase per problem, failures and skips") {
        SampleResult failed = result("B", 1, Verdict::Fail);
        failed.reason = "3 mismatches in 10 samples";
        failed.log_tail = "Mismatches: 3 in 10 samples <&>\n";
        SampleResult skipped = result("C", 1, Verdict::Skipped);
        skipped.reason = "golden fails";
        const Summary summary =
            summarize({.suite = "s"}, {result("A", 1, Verdict::Pass), failed, skipped});
        const std::string xml = render_junit(summary);
        CHECK(xml.find("<testsuite name=\"rtlduet score s\" tests=\"3\" failures=\"1\" "
                       "errors=\"0\" skipped=\"1\"") != std::string::npos);
        CHECK(xml.find("<testcase classname=\"s\" name=\"A\"") != std::string::npos);
        CHECK(xml.find("<failure message=\"0 of 1 samples pass\"") != std::string::npos);
        CHECK(xml.find("Mismatches: 3 in 10 samples &lt;&amp;&gt;") != std::string::npos);
        CHECK(xml.find("<skipped message=\"golden fails\"/>") != std::string::npos);
    }

    TEST_CASE("the table shows both pass@1 figures when they differ") {
        const Summary summary = summarize({.suite = "s"}, {result("A", 1, Verdict::Pass)});
        const std::string table = render_table(summary);
        CHECK(table.find("total") != std::string::npos);
        CHECK(table.find("official script pass@1 0.0000") != std::string::npos);
    }
}
