// The hostile-input catalogue (tests/hostile/<group>/*.case) run through the built binary:
// hostile RTL and Python models under crosscheck, bad specs and suites, endpoint faults under
// run. Each group runs its cases on a few threads; a case whose outcome differs fails.
#include <algorithm>
#include <cstdlib>
#include <map>
#include <mutex>
#include <thread>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "hostile/runner/case_run.h"
#include "support/run_binary.h"

using namespace rtlduet;

namespace {

constexpr int kDefaultJobs = 2;

hostile::RunnerPaths runner_paths() {
    return {.rtlduet = RTLDUET_BIN, .catalogue = testing::source_path("tests/hostile")};
}

// RTLDUET_HOSTILE_JOBS: threads per group; RTLDUET_HOSTILE_CASE: run only ids containing it.
int jobs() {
    const char* text = std::getenv("RTLDUET_HOSTILE_JOBS");
    return text != nullptr ? std::clamp(std::atoi(text), 1, 8) : kDefaultJobs;
}

bool is_selected(const hostile::HostileCase& c) {
    const char* only = std::getenv("RTLDUET_HOSTILE_CASE");
    return only == nullptr || (c.group + "/" + c.name).find(only) != std::string::npos;
}

const std::vector<std::string> kGroups = {"rtl", "model", "input", "endpoint"};

// Cases of every group that the binary can run now, the slowest (largest bound) first so
// the long ones overlap the rest.
std::vector<hostile::HostileCase> runnable_cases() {
    const auto listed = hostile::listed_commands(runner_paths().rtlduet);
    std::vector<hostile::HostileCase> runnable;
    for (const std::string& group : kGroups) {
        auto cases = hostile::load_group(runner_paths().catalogue / group);
        REQUIRE_MESSAGE(cases, (cases ? "" : cases.error().what()));
        for (const auto& c : *cases) {
            if (c.needs && std::find(listed.begin(), listed.end(), *c.needs) == listed.end()) {
                MESSAGE(fmt::format("skipped {}/{}: `rtlduet {}` is not in `rtlduet --help` yet",
                                    c.group, c.name, *c.needs));
            } else if (is_selected(c)) {
                runnable.push_back(c);
            }
        }
    }
    std::stable_sort(runnable.begin(), runnable.end(), [](const auto& x, const auto& y) {
        return x.within_seconds > y.within_seconds;
    });
    return runnable;
}

std::vector<hostile::CaseOutcome> run_all(const std::vector<hostile::HostileCase>& cases) {
    std::vector<hostile::CaseOutcome> outcomes(cases.size());
    std::mutex mutex;
    std::size_t next = 0;
    {
        std::vector<std::jthread> workers;
        for (int i = 0; i < jobs(); ++i) {
            workers.emplace_back([&] {
                for (;;) {
                    std::size_t mine = 0;
                    {
                        const std::lock_guard lock(mutex);
                        if (next == cases.size()) {
                            return;
                        }
                        mine = next++;
                    }
                    outcomes[mine] = hostile::run_case(cases[mine], runner_paths());
                }
            });
        }
    }
    return outcomes;
}

void check_outcome(const hostile::HostileCase& c, const hostile::CaseOutcome& outcome) {
    const std::string failures = fmt::format("{}", fmt::join(outcome.failures, "; "));
    if (c.xfail) {
        MESSAGE(
            fmt::format("{} (expected to fail: {}): {}", outcome.id, *c.xfail,
                        outcome.failures.empty() ? "now passes, drop the xfail line" : failures));
        return;
    }
    INFO(c.about);
    INFO("stderr tail: ", outcome.output_tail);
    CHECK_MESSAGE(outcome.failures.empty(),
                  fmt::format("{}: {} (exit {}, {:.1f} s)", outcome.id, failures, outcome.exit_code,
                              outcome.seconds));
}

}  // namespace

TEST_SUITE("hostile") {
    TEST_CASE("every catalogue group parses and holds at least its minimum of cases") {
        const std::vector<std::size_t> minimums = {15, 14, 6, 11};
        for (std::size_t i = 0; i < kGroups.size(); ++i) {
            auto cases = hostile::load_group(runner_paths().catalogue / kGroups[i]);
            REQUIRE_MESSAGE(cases, (cases ? "" : cases.error().what()));
            CHECK_MESSAGE(cases->size() >= minimums[i], kGroups[i]);
        }
    }

    TEST_CASE("every hostile case is refused, contained or recovered as its case file says") {
        const auto cases = runnable_cases();
        const auto outcomes = run_all(cases);
        std::map<std::string, std::pair<int, int>> per_group;  // passed, run
        for (std::size_t i = 0; i < cases.size(); ++i) {
            check_outcome(cases[i], outcomes[i]);
            auto& [passed, run] = per_group[cases[i].group];
            passed += outcomes[i].failures.empty() ? 1 : 0;
            ++run;
        }
        for (const auto& [group, counts] : per_group) {
            MESSAGE(
                fmt::format("{}: {} of {} cases as expected", group, counts.first, counts.second));
        }
    }
}
