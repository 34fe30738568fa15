// unit/sim/group_commit_test.cpp: jobs that wait while the lane is busy run as one group per
// key and within the weight limit, and a waiting job lends its slot back meanwhile.
#include "sim/detail/group_commit.h"

#include <atomic>
#include <chrono>
#include <future>
#include <latch>
#include <mutex>
#include <semaphore>
#include <set>
#include <thread>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

namespace rtlduet::sim::detail {
namespace {

struct Job {
    int id = 0;
};

// Records each group as the set of its job ids; the first group blocks until `release`.
struct Recorder {
    std::mutex mutex;
    std::vector<std::set<int>> groups;
    std::latch started{1};
    std::latch release{1};
    bool is_first = true;

    void operator()(const std::vector<Job*>& jobs) {
        std::set<int> ids;
        for (const Job* job : jobs) {
            ids.insert(job->id);
        }
        bool wait = false;
        {
            const std::lock_guard lock(mutex);
            groups.push_back(ids);
            wait = std::exchange(is_first, false);
        }
        if (wait) {
            started.count_down();
            release.wait();
        }
    }
};

void wait_until_waiting(const GroupCommit<Job>& commit, std::size_t count) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (commit.waiting() < count && std::chrono::steady_clock::now() < give_up) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    REQUIRE(commit.waiting() == count);
}

TEST_SUITE("sim.group_commit") {
    TEST_CASE("jobs that wait for the lane run together, one group per key and weight limit") {
        GroupCommit<Job> commit(1, 3);
        Recorder recorder;
        auto run = [&](const std::vector<Job*>& jobs) { recorder(jobs); };
        Job first{1};
        std::thread leader([&] { commit.submit(first, "a", 1, nullptr, run); });
        recorder.started.wait();
        // While job 1 compiles: three of key a (weights 1, 1, 2) and one of key b.
        std::vector<Job> jobs = {{2}, {3}, {4}, {5}};
        const std::vector<std::pair<const char*, std::size_t>> keys = {
            {"a", 1}, {"a", 1}, {"b", 1}, {"a", 2}};
        std::vector<std::thread> waiters;
        for (std::size_t i = 0; i < jobs.size(); ++i) {
            waiters.emplace_back(
                [&, i] { commit.submit(jobs[i], keys[i].first, keys[i].second, nullptr, run); });
            wait_until_waiting(commit, i + 1);  // they queue in this order
        }
        recorder.release.count_down();
        leader.join();
        for (std::thread& waiter : waiters) {
            waiter.join();
        }
        CHECK(commit.waiting() == 0);
        const std::set<std::set<int>> groups(recorder.groups.begin(), recorder.groups.end());
        CHECK(recorder.groups.size() == 4);
        // 2 and 3 fill key a's group up to weight 2; 5 (weight 2) would make it 4 > 3.
        CHECK(groups == std::set<std::set<int>>{{1}, {2, 3}, {4}, {5}});
    }

    TEST_CASE("a job that waits gives its slot back and takes one again before it returns") {
        GroupCommit<Job> commit(1, 8);
        Recorder recorder;
        auto run = [&](const std::vector<Job*>& jobs) { recorder(jobs); };
        std::counting_semaphore<> slots(2);
        Job first{1};
        Job second{2};
        std::latch leader_done{1};
        std::latch leader_may_release{1};
        std::thread leader([&] {
            slots.acquire();
            commit.submit(first, "a", 1, &slots, run);
            leader_done.count_down();
            leader_may_release.wait();
            slots.release();
        });
        recorder.started.wait();
        std::atomic<bool> is_back{false};
        std::thread waiter([&] {
            slots.acquire();
            commit.submit(second, "b", 1, &slots, run);
            is_back = true;
            slots.release();
        });
        wait_until_waiting(commit, 1);
        // Both threads took a slot; the waiting one lent its own back, so one is free.
        const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        bool took = false;
        while (!took && std::chrono::steady_clock::now() < give_up) {
            took = slots.try_acquire_for(std::chrono::milliseconds(10));
        }
        REQUIRE(took);
        CHECK_FALSE(slots.try_acquire());  // the leader still holds the other
        recorder.release.count_down();
        leader_done.wait();
        // Its group runs without a slot (every slot could be held by a caller waiting for
        // this lane), but it returns only once it holds one again.
        const auto groups_run = [&] {
            const std::lock_guard lock(recorder.mutex);
            return recorder.groups.size();
        };
        const auto ran_by = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (groups_run() < 2 && std::chrono::steady_clock::now() < ran_by) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        CHECK(groups_run() == 2);
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        CHECK_FALSE(is_back);
        slots.release();
        waiter.join();
        CHECK(is_back);
        leader_may_release.count_down();
        leader.join();
        CHECK(slots.try_acquire());
        CHECK(slots.try_acquire());
    }

    TEST_CASE("a job that lent its slot leads its group while every slot is held by waiters") {
        GroupCommit<Job> commit(1, 1);  // one design a group: each job is a group of its own
        Recorder recorder;
        auto run = [&](const std::vector<Job*>& jobs) { recorder(jobs); };
        std::counting_semaphore<> slots(1);
        Job first{1};
        Job lender{2};
        Job holder{3};
        std::thread leader([&] { commit.submit(first, "a", 1, nullptr, run); });
        recorder.started.wait();
        auto lent = std::async(std::launch::async, [&] {
            slots.acquire();
            commit.submit(lender, "a", 1, &slots, run);
            slots.release();
        });
        wait_until_waiting(commit, 1);
        // The lent slot is taken by a caller that waits for the lane and lends nothing.
        auto held = std::async(std::launch::async, [&] {
            slots.acquire();
            commit.submit(holder, "a", 1, nullptr, run);
            slots.release();
        });
        wait_until_waiting(commit, 2);
        recorder.release.count_down();
        leader.join();
        const bool lent_done = lent.wait_for(std::chrono::seconds(20)) == std::future_status::ready;
        const bool held_done = held.wait_for(std::chrono::seconds(20)) == std::future_status::ready;
        CHECK(lent_done);
        CHECK(held_done);
        if (!lent_done || !held_done) {
            slots.release(4);  // let them finish, so that the test ends
        }
        CHECK(recorder.groups.size() == 3);
    }
}

}  // namespace
}  // namespace rtlduet::sim::detail
