// The hostile-input catalogue (tests/hostile/<group>/*.case) run through the built binary:
// hostile RTL and Python models under crosscheck, bad specs and suites, endpoint faults under
// run. Each group runs its cases on a few threads; a case whose outcome differs fails.
#include <algorithm>
#include <condition_variable>
#include <cstdlib>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "hostile/runner/case_run.h"
#include "support/run_binary.h"
#include "util/files.h"

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

const std::vector<std::string> kGroups = {"rtl", "model", "input", "endpoint", "worker"};

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

// Runs the cases on jobs() threads. Cases that share a canary path never run at the same time:
// one that escapes must not make the other fail.
class CasePool {
public:
    explicit CasePool(const std::vector<hostile::HostileCase>& cases)
        : cases_(cases), outcomes_(cases.size()), is_taken_(cases.size(), false) {}

    std::vector<hostile::CaseOutcome> run() {
        {
            std::vector<std::jthread> workers;
            for (int i = 0; i < jobs(); ++i) {
                workers.emplace_back([this] { work(); });
            }
        }
        return std::move(outcomes_);
    }

private:
    bool is_free(const hostile::HostileCase& c) const {
        return std::none_of(c.canaries.begin(), c.canaries.end(),
                            [&](const std::string& path) { return busy_.contains(path); });
    }

    // The next case that may start now; cases_.size() when none is left, nullopt to wait.
    std::optional<std::size_t> take() {
        bool is_any_left = false;
        for (std::size_t i = 0; i < cases_.size(); ++i) {
            if (is_taken_[i]) {
                continue;
            }
            is_any_left = true;
            if (is_free(cases_[i])) {
                is_taken_[i] = true;
                busy_.insert(cases_[i].canaries.begin(), cases_[i].canaries.end());
                return i;
            }
        }
        return is_any_left ? std::nullopt : std::optional<std::size_t>(cases_.size());
    }

    void work() {
        for (;;) {
            std::size_t mine = 0;
            {
                std::unique_lock lock(mutex_);
                std::optional<std::size_t> next;
                changed_.wait(lock, [&] { return (next = take()).has_value(); });
                if (*next == cases_.size()) {
                    return;
                }
                mine = *next;
            }
            outcomes_[mine] = hostile::run_case(cases_[mine], runner_paths());
            {
                const std::lock_guard lock(mutex_);
                for (const std::string& path : cases_[mine].canaries) {
                    busy_.erase(path);
                }
            }
            changed_.notify_all();
        }
    }

    const std::vector<hostile::HostileCase>& cases_;
    std::vector<hostile::CaseOutcome> outcomes_;
    std::vector<bool> is_taken_;
    std::set<std::string> busy_;  // canary paths of running cases
    std::mutex mutex_;
    std::condition_variable changed_;
};

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
        const std::vector<std::size_t> minimums = {15, 14, 6, 11, 5};
        const auto docs = util::read_file(testing::source_path("docs/security.md"));
        REQUIRE(docs);
        for (std::size_t i = 0; i < kGroups.size(); ++i) {
            auto cases = hostile::load_group(runner_paths().catalogue / kGroups[i]);
            REQUIRE_MESSAGE(cases, (cases ? "" : cases.error().what()));
            CHECK_MESSAGE(cases->size() >= minimums[i], kGroups[i]);
            const std::string row = fmt::format("| `{}` | {} |", kGroups[i], cases->size());
            CHECK_MESSAGE(docs->find(row) != std::string::npos,
                          (std::string("docs/security.md must list ") + row));
        }
    }

    TEST_CASE("every input file of the catalogue is used by some case") {
        std::string all_cases;
        for (const std::string& group : kGroups) {
            for (const auto& entry :
                 std::filesystem::directory_iterator(runner_paths().catalogue / group)) {
                if (entry.path().extension() == ".case") {
                    all_cases += *util::read_file(entry.path());
                }
            }
        }
        for (const char* dir : {"rtl", "model", "input", "endpoint", "worker", "common"}) {
            for (const auto& entry :
                 std::filesystem::directory_iterator(runner_paths().catalogue / dir)) {
                const std::string name = entry.path().filename().string();
                if (entry.path().extension() != ".case") {
                    CHECK_MESSAGE(all_cases.find(name) != std::string::npos,
                                  (std::string(dir) + "/" + name + " is used by no case"));
                }
            }
        }
    }

    TEST_CASE("every hostile case is refused, contained or recovered as its case file says") {
        const auto cases = runnable_cases();
        const auto outcomes = CasePool(cases).run();
        std::map<std::string, std::pair<int, int>> per_group;  // passed, run
        for (std::size_t i = 0; i < cases.size(); ++i) {
            check_outcome(cases[i], outcomes[i]);
            auto& [passed, run] = per_group[cases[i].group];
            passed += outcomes[i].failures.empty() ? 1 : 0;
            ++run;
        }
        std::vector<std::pair<double, std::string>> times;
        for (const auto& outcome : outcomes) {
            times.emplace_back(outcome.seconds, outcome.id);
        }
        std::sort(times.rbegin(), times.rend());
        times.resize(std::min<std::size_t>(times.size(), 8));
        std::string slowest;
        for (const auto& [seconds, id] : times) {
            slowest += fmt::format(" {} {:.1f} s;", id, seconds);
        }
        MESSAGE((std::string("slowest cases:") + slowest));
        for (const auto& [group, counts] : per_group) {
            MESSAGE(
                fmt::format("{}: {} of {} cases as expected", group, counts.first, counts.second));
        }
    }
}
