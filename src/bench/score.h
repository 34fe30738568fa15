// bench/score.h: scores candidate designs against a suite's official testbenches: the
// VerilogEval flow (Icarus, 30 s), the golden sample count learned once per problem, known
// dataset errata handled visibly, and the samples readers (directory, eval output, JSONL).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "bench/suite.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/logger.h"
#include "util/sandbox.h"

namespace rtlduet::bench {
namespace detail {
struct FlowSettings;
struct RuntimeKit;
}  // namespace detail

/// Error: the pair could not be evaluated at all (eval: the flow failed on this problem in a
/// way that belongs to it alone); counted as a scored sample that did not pass.
enum class Verdict { Pass, Fail, CompileError, Timeout, Skipped, Error };
std::string_view to_string(Verdict verdict);
std::optional<Verdict> parse_verdict(std::string_view text);

/// One candidate to score. `code` is the Verilog as it will be compiled (already extracted
/// from a raw reply); when extraction found nothing, `unusable_reason` says why and the
/// sample scores compile_error without running.
struct SampleInput {
    std::string problem;
    int sample = 1;
    std::string code;
    std::string origin;  // file, or file:line for JSONL
    std::optional<std::string> unusable_reason;
    /// A JSONL line's own "id" and "model" (there: the LLM that wrote it), echoed in the
    /// results so they map back to the line; empty when the line has none.
    std::string id;
    std::string model;
};

struct SampleResult {
    std::string problem;
    int sample = 1;
    Verdict verdict = Verdict::Fail;
    Verdict official_verdict = Verdict::Fail;  // the dataset's own script: Pass or Fail only
    std::string simulator;                     // what decided `verdict`, e.g. "iverilog 11.0"
    std::string reason;                        // why it is not a pass (empty for a pass)
    double seconds = 0;
    std::string log_tail;  // last lines of compiler and simulator output (non-pass only)
    std::string id;        // SampleInput's, when the samples line had them
    std::string model;
    bool operator==(const SampleResult&) const = default;
};

/// Simulators found on PATH (inside the sandbox) and their versions.
struct Toolchain {
    std::string iverilog;   // "11.0"; iverilog and vvp are required
    std::string verilator;  // "5.006"; empty when absent (problems needing it are skipped)
};

/// Probes iverilog/vvp (required: a Tool error when missing) and verilator.
util::Result<Toolchain> probe_toolchain(const util::Sandbox& sandbox);

struct ScoreOptions {
    std::chrono::milliseconds timeout{30'000};  // wall limit of one simulation run (at least
                                                // 3x the problem's golden simulation)
    unsigned jobs = 1;
    std::filesystem::path cache_dir;  // golden results, Verilator runtime; empty: none
    bool keep_work = false;           // leave each sample's work directory on disk
    const std::atomic<bool>* cancel = nullptr;
};

/// How a problem is scored, learned once by scoring its golden reference as the candidate.
struct ProblemPlan {
    Simulator simulator = Simulator::Icarus;
    bool compat_testbench = false;     // scored with the testbench's compatibility copy (docs)
    std::uint64_t golden_samples = 0;  // N of the golden run's "Mismatches: 0 in N"
    std::chrono::milliseconds golden_wall{0};  // the golden simulation's wall time
    std::optional<std::string> skip_reason;
    std::string note;  // how a dataset problem was worked around, shown in the summary
    // Set when a golden run failed for a reason of the machine and the moment (a deadline, a
    // signal, a refused resource): the plan serves this run and is not cached.
    std::string transient_failure;
};

/// Scores samples; thread-safe. The plan of each problem is learned on first use (once,
/// also under concurrency) and cached on disk keyed by testbench, reference and simulators.
class Scorer {
public:
    Scorer(const util::Sandbox& sandbox, util::Logger& log, const util::Clock& clock,
           Toolchain tools, ScoreOptions options);
    ~Scorer();

    const Toolchain& tools() const { return tools_; }
    const ScoreOptions& options() const { return options_; }
    util::Result<ProblemPlan> plan(const Problem& problem);
    util::Result<SampleResult> score(const Problem& problem, const SampleInput& sample);

private:
    struct PlanSlot;
    std::shared_ptr<PlanSlot> slot_for(const std::string& problem, bool& is_new);
    util::Status run_sample(const Problem& problem, const ProblemPlan& plan,
                            const SampleInput& sample, SampleResult& result);
    struct Runtime;
    util::Result<detail::RuntimeKit> verilator_runtime();
    detail::FlowSettings flow_settings(std::chrono::milliseconds timeout);

    const util::Sandbox& sandbox_;
    util::Logger& log_;
    const util::Clock& clock_;
    Toolchain tools_;
    ScoreOptions options_;
    std::mutex mutex_;
    std::map<std::string, std::shared_ptr<PlanSlot>> plans_;
    std::unique_ptr<Runtime> runtime_;
};

/// Called after each finished sample (from worker threads, serialized).
using ProgressFn = std::function<void(const SampleResult&, std::size_t done, std::size_t total)>;

/// Scores every sample with options().jobs workers: plans first, then the samples, the
/// slowest simulator first. Results come back in input order.
util::Result<std::vector<SampleResult>> score_all(Scorer& scorer, const Suite& suite,
                                                  const std::vector<SampleInput>& samples,
                                                  const ProgressFn& progress = {});

/// Reads samples: a JSONL file, an `eval` output directory (results.jsonl at the top), or a
/// directory searched recursively for `<problem>_sample<NN>.sv`. Problems not in `suite` and
/// malformed lines are input errors naming the file and line.
util::Result<std::vector<SampleInput>> load_samples(const std::filesystem::path& path,
                                                    const Suite& suite);

/// Each problem's reference as it must pass: the sample a correct candidate could be (module
/// renamed to the problem's top, submodules and provided modules kept), sample 1.
util::Result<std::vector<SampleInput>> golden_samples(const std::vector<const Problem*>& problems);

/// Identifies everything that decides verdicts (flags, timeout, tools, suite files).
std::string score_config_hash(const Suite& suite, const Toolchain& tools,
                              const ScoreOptions& options);

}  // namespace rtlduet::bench
