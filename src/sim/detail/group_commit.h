// sim/detail/group_commit.h: jobs that arrive while every lane is busy wait and then run
// together, as one group on one of the waiting threads. Verilator builds use it: each compile
// pays for the precompiled header, the compiler's start and the link of the runtime once,
// however many designs it holds, so builds that queue behind a compile share the next one.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <semaphore>
#include <string>
#include <vector>

namespace rtlduet::sim::detail {

template <class Job>
class GroupCommit {
public:
    using Run = std::function<void(const std::vector<Job*>&)>;

    /// At most `lanes` groups run at once; a group holds jobs of one key weighing at most
    /// `max_weight` together (a heavier job runs alone).
    GroupCommit(std::size_t lanes, std::size_t max_weight)
        : lanes_(lanes == 0 ? 1 : lanes), max_weight_(max_weight) {}

    /// Returns once `run` ran over a group holding `job`, on this thread or another: the one
    /// of the job that waited longest, with the jobs of its key behind it. A job that has to
    /// wait gives `lent_slot` (a semaphore unit its caller holds; may be null) back while it
    /// waits, so that a waiting build does not keep a CPU from the rest of the process, and
    /// takes one again before it returns (after its group ran: the slots may all be held by
    /// callers waiting for the very lane it took).
    void submit(Job& job, const std::string& key, std::size_t weight,
                std::counting_semaphore<>* lent_slot, const Run& run) {
        Entry entry{.job = &job, .key = key, .weight = weight};
        bool is_lent = false;
        std::unique_lock lock(mutex_);
        waiting_.push_back(&entry);
        while (!entry.is_done) {
            // The job that waited longest leads the next group (waiters wake in any order).
            if (!entry.is_taken && busy_ < lanes_ && waiting_.front() == &entry) {
                const std::vector<Entry*> group = take_group(entry);
                ++busy_;
                changed_.notify_all();  // the next in line may take another lane
                lock.unlock();
                run_group(group, run);
                break;
            }
            if (lent_slot != nullptr && !is_lent) {
                lock.unlock();
                lent_slot->release();
                is_lent = true;
                lock.lock();
                continue;
            }
            changed_.wait(lock);
        }
        if (lock.owns_lock()) {
            lock.unlock();
        }
        if (is_lent) {
            lent_slot->acquire();
        }
    }

    /// Jobs waiting for a lane (for tests).
    std::size_t waiting() const {
        const std::lock_guard lock(mutex_);
        return waiting_.size();
    }

private:
    struct Entry {
        Job* job;
        std::string key;
        std::size_t weight;
        bool is_taken = false;  // in a group (guarded by mutex_)
        bool is_done = false;   // its group ran (guarded by mutex_)
    };

    // `leader` and the jobs of its key that waited longest, up to max_weight_ (mutex_ held).
    std::vector<Entry*> take_group(Entry& leader) {
        std::vector<Entry*> group = {&leader};
        std::size_t weight = leader.weight;
        std::vector<Entry*> left;
        for (Entry* entry : waiting_) {
            if (entry == &leader) {
                continue;
            }
            if (entry->key == leader.key && weight + entry->weight <= max_weight_) {
                weight += entry->weight;
                group.push_back(entry);
            } else {
                left.push_back(entry);
            }
        }
        waiting_ = std::move(left);
        for (Entry* entry : group) {
            entry->is_taken = true;
        }
        return group;
    }

    void run_group(const std::vector<Entry*>& group, const Run& run) {
        std::vector<Job*> jobs;
        for (Entry* entry : group) {
            jobs.push_back(entry->job);
        }
        struct Finish {
            GroupCommit& self;
            const std::vector<Entry*>& group;
            ~Finish() {  // also when `run` throws: no waiter is left behind
                const std::lock_guard lock(self.mutex_);
                --self.busy_;
                for (Entry* entry : group) {
                    entry->is_done = true;
                }
                self.changed_.notify_all();
            }
        } finish{*this, group};
        run(jobs);
    }

    const std::size_t lanes_;
    const std::size_t max_weight_;
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<Entry*> waiting_;
    std::size_t busy_ = 0;
};

}  // namespace rtlduet::sim::detail
