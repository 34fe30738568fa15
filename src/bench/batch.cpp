// bench/batch.cpp: the batch side of scoring: tool probing, the config hash, and J workers
// that learn every problem's plan once and then score the samples, slowest simulator first.
#include <algorithm>
#include <atomic>
#include <mutex>
#include <regex>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "bench/score.h"
#include "util/hash.h"
#include "util/temp_dir.h"

namespace rtlduet::bench {
namespace {

// Runs fn(0..count-1) on `jobs` threads; stops handing out work after the first error.
util::Status run_parallel(std::size_t count, unsigned jobs, const std::atomic<bool>* cancel,
                          const std::function<util::Status(std::size_t)>& fn) {
    std::atomic<std::size_t> next{0};
    std::mutex mutex;
    std::optional<util::Error> first_error;
    auto worker = [&] {
        for (;;) {
            if (cancel != nullptr && cancel->load()) {
                return;
            }
            {
                const std::lock_guard lock(mutex);
                if (first_error) {
                    return;
                }
            }
            const std::size_t index = next.fetch_add(1);
            if (index >= count) {
                return;
            }
            if (auto status = fn(index); !status) {
                const std::lock_guard lock(mutex);
                if (!first_error) {
                    first_error = status.error();
                }
            }
        }
    };
    std::vector<std::thread> threads;
    const unsigned workers = std::max(1u, std::min<unsigned>(jobs, static_cast<unsigned>(count)));
    for (unsigned i = 0; i < workers; ++i) {
        threads.emplace_back(worker);
    }
    for (std::thread& thread : threads) {
        thread.join();
    }
    if (first_error) {
        return *first_error;
    }
    if (cancel != nullptr && cancel->load()) {
        return util::make_error(util::ErrorKind::Interrupted, "scoring interrupted");
    }
    return {};
}

// First line of a tool's version output, reduced to the version number.
std::string version_of(const util::Sandbox& sandbox, const std::filesystem::path& work,
                       std::vector<std::string> argv, const std::regex& pattern) {
    util::SandboxRequest request{.argv = std::move(argv), .cwd = work};
    request.limits.deadline = std::chrono::milliseconds(20'000);
    auto run = sandbox.run(request);
    if (!run || !run->succeeded()) {
        return "";
    }
    std::smatch match;
    const std::string text = run->out + run->err;
    return std::regex_search(text, match, pattern) ? match[1].str() : "unknown";
}

}  // namespace

util::Result<Toolchain> probe_toolchain(const util::Sandbox& sandbox) {
    const std::string& path = sandbox.config().path_env;
    for (const char* required : {"iverilog", "vvp"}) {
        if (util::find_program(required, path).empty()) {
            return util::make_error(util::ErrorKind::Tool,
                                    fmt::format("{} not found: scoring runs the official Icarus "
                                                "flow (install package iverilog)",
                                                required));
        }
    }
    auto work = util::TempDir::create("rtlduet-probe-");
    if (!work) {
        return work.error();
    }
    Toolchain tools;
    tools.iverilog = version_of(sandbox, work->path(), {"iverilog", "-V"},
                                std::regex(R"(Icarus Verilog version (\S+))"));
    if (tools.iverilog.empty()) {
        return util::make_error(util::ErrorKind::Tool, "iverilog -V failed: broken installation");
    }
    if (!util::find_program("verilator", path).empty()) {
        tools.verilator = version_of(sandbox, work->path(), {"verilator", "--version"},
                                     std::regex(R"(Verilator (\S+))"));
    }
    return tools;
}

std::string score_config_hash(const Suite& suite, const Toolchain& tools,
                              const ScoreOptions& options) {
    util::Sha256 hash;
    hash.field("score-v2").field(std::to_string(options.timeout.count()));
    hash.field(tools.iverilog)
        .field(tools.verilator)
        .field(suite.name)
        .field(to_string(suite.format));
    for (const Problem& problem : suite.problems) {
        hash.field(problem.name)
            .field(problem.overrides.skip_reason.value_or(""))
            .field(problem.top);
        hash.field(std::to_string(problem.overrides.timeout.value_or(options.timeout).count()));
    }
    return hash.hex_digest().substr(0, 16);
}

util::Result<std::vector<SampleResult>> score_all(Scorer& scorer, const Suite& suite,
                                                  const std::vector<SampleInput>& samples,
                                                  const ProgressFn& progress) {
    const std::atomic<bool>* cancel = scorer.options().cancel;
    std::vector<const Problem*> problems;
    for (const SampleInput& sample : samples) {
        const Problem* problem = suite.find(sample.problem);
        if (problem == nullptr) {
            return util::make_error(
                util::ErrorKind::Input,
                fmt::format("{}: unknown problem {}", sample.origin, sample.problem));
        }
        if (std::find(problems.begin(), problems.end(), problem) == problems.end()) {
            problems.push_back(problem);
        }
    }
    std::vector<ProblemPlan> plans(problems.size());
    auto planned = run_parallel(problems.size(), scorer.options().jobs, cancel, [&](std::size_t i) {
        auto plan = scorer.plan(*problems[i]);
        if (!plan) {
            return util::Status(plan.error());
        }
        plans[i] = *plan;
        return util::Status();
    });
    if (!planned) {
        return planned.error();
    }
    std::set<std::string> slow;
    for (std::size_t i = 0; i < problems.size(); ++i) {
        if (plans[i].simulator == Simulator::Verilator && !plans[i].skip_reason) {
            slow.insert(problems[i]->name);
        }
    }
    std::vector<std::size_t> order(samples.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    std::stable_partition(order.begin(), order.end(),
                          [&](std::size_t i) { return slow.contains(samples[i].problem); });
    std::vector<SampleResult> results(samples.size());
    std::mutex progress_mutex;
    std::size_t done = 0;
    auto scored = run_parallel(order.size(), scorer.options().jobs, cancel, [&](std::size_t k) {
        const SampleInput& sample = samples[order[k]];
        auto result = scorer.score(*suite.find(sample.problem), sample);
        if (!result) {
            return util::Status(result.error());
        }
        results[order[k]] = *result;
        const std::lock_guard lock(progress_mutex);
        ++done;
        if (progress) {
            progress(*result, done, samples.size());
        }
        return util::Status();
    });
    if (!scored) {
        return scored.error();
    }
    return results;
}

}  // namespace rtlduet::bench
