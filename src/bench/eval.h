// bench/eval.h: batch evaluation behind `rtlduet eval`: the agent flow on every (problem,
// sample) pair, each final TopModule.sv scored with the suite's official testbench (which the
// flow never sees), one durable results.jsonl line per finished pair.
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "bench/eval_results.h"
#include "bench/score.h"
#include "bench/suite.h"
#include "flow/agents.h"
#include "flow/run.h"
#include "llm/chat_client.h"
#include "util/error.h"
#include "util/logger.h"
#include "util/sandbox.h"

namespace rtlduet::bench {

struct EvalServices {
    util::Logger& log;
    const util::Sandbox& sandbox;
    llm::ChatClient& rtl_client;  // shared by all pairs: the in-flight cap stays global
    llm::ChatClient& model_client;
    Scorer& scorer;
    const std::atomic<bool>* cancel = nullptr;
};

struct EvalSettings {
    std::filesystem::path out_dir;  // DIR/<problem>/sample<NN>/ and DIR/results.jsonl
    unsigned jobs = 1;
    std::string suite;  // recorded in every line
    std::string config_hash;
    const flow::AgentPair* agents = nullptr;
    flow::FlowOptions flow;  // its seed is the base: sample k runs with seed + k - 1
};

/// Called after each finished pair's line is on disk (from worker threads, serialized).
using PairDoneFn = std::function<void(const EvalRecord&)>;

/// The seed of sample `sample` (1-based) for base seed `seed`.
std::uint64_t sample_seed(std::uint64_t seed, int sample);

/// Runs `pairs`, `jobs` at a time. A flow that does not converge or yields nothing usable is
/// data (a line with its verdict); so is a failure that belongs to one pair (its spec or
/// interface cannot be used, a bug only it shows): verdict `error` with the reason. At the
/// first environment failure (endpoint down after retries, Ctrl-C, a missing tool, a
/// filesystem error such as a full disk) no further pair starts, the pairs in flight run to
/// their end, and that error is returned: the lines on disk are then exactly the finished
/// pairs.
util::Result<std::vector<EvalRecord>> evaluate_pairs(const EvalServices& services,
                                                     const Suite& suite,
                                                     const EvalSettings& settings,
                                                     const std::vector<PairKey>& pairs,
                                                     const PairDoneFn& done = {});

}  // namespace rtlduet::bench
