// bench/eval.cpp: one worker per job takes the next (problem, sample) pair, runs the agent
// flow into DIR/<problem>/sample<NN>/, scores the final TopModule.sv with the official
// testbench and appends the pair's line to results.jsonl.
#include "bench/eval.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "hdl/extract.h"
#include "util/files.h"
#include "util/temp_dir.h"

namespace rtlduet::bench {
namespace {

namespace fs = std::filesystem;

// Interfaces from the suite's `_ifc.txt` files, parsed once per problem.
class InterfaceCache {
public:
    InterfaceCache(const EvalServices& services, const hdl::SignalHints& hints)
        : services_(services), hints_(hints) {}

    std::optional<hdl::Interface> get(const Problem& problem) {
        if (!problem.ifc) {
            return std::nullopt;
        }
        {
            const std::lock_guard lock(mutex_);
            if (const auto it = known_.find(problem.name); it != known_.end()) {
                return it->second;
            }
        }
        std::optional<hdl::Interface> parsed = parse(problem);
        const std::lock_guard lock(mutex_);
        known_.emplace(problem.name, parsed);
        return parsed;
    }

private:
    // The ifc file is a bare module header; hdl::extract_interface takes that from a .sv file.
    std::optional<hdl::Interface> parse(const Problem& problem) {
        auto text = util::read_file(*problem.ifc);
        auto dir = util::TempDir::create("rtlduet-ifc-");
        if (!text || !dir || !util::write_file(dir->path() / "interface.sv", *text)) {
            services_.log.warn(
                "{}: unreadable interface file; the flow takes the interface "
                "from the spec",
                problem.ifc->string());
            return std::nullopt;
        }
        auto ifc = hdl::extract_interface(services_.sandbox, dir->path() / "interface.sv", hints_);
        if (!ifc) {
            services_.log.warn("{}: {}; the flow takes the interface from the spec",
                               problem.ifc->string(), ifc.error().what());
            return std::nullopt;
        }
        return *ifc;
    }

    const EvalServices& services_;
    const hdl::SignalHints& hints_;
    std::mutex mutex_;
    std::map<std::string, std::optional<hdl::Interface>> known_;
};

EvalRecord record_of(const EvalSettings& settings, const flow::FlowResult& flow, SampleResult score,
                     std::uint64_t seed, std::string note) {
    return EvalRecord{
        .score = std::move(score),
        .suite = settings.suite,
        .config_hash = settings.config_hash,
        .seed = seed,
        .flow_verdict = std::string(flow::to_string(flow.verdict)),
        .turns = flow.turns_used,
        .match_rate = flow.match_rate,
        .prompt_tokens = flow.rtl_usage.prompt_tokens + flow.model_usage.prompt_tokens,
        .completion_tokens = flow.rtl_usage.completion_tokens + flow.model_usage.completion_tokens,
        .llm_seconds = flow.rtl_usage.llm_seconds + flow.model_usage.llm_seconds,
        .sim_seconds = flow.sim_seconds,
        .sim_builds = flow.sim_builds,
        .wall_seconds = flow.wall_seconds,
        .note = std::move(note)};
}

// A failure of the machine or the endpoint, which would fail every later pair as well.
bool is_environment_failure(const util::Error& error) {
    switch (error.kind) {
        case util::ErrorKind::Io:
        case util::ErrorKind::Llm:
        case util::ErrorKind::Tool:
        case util::ErrorKind::Interrupted:
            return true;
        default:
            return false;
    }
}

// The line of a pair that failed in a way of its own (its spec, its interface, a bug shown
// only by this problem): verdict error, with the reason.
EvalRecord error_record(const EvalSettings& settings, const Problem& problem, int sample,
                        const util::Error& error) {
    return EvalRecord{
        .score = {.problem = problem.name,
                  .sample = sample,
                  .verdict = Verdict::Error,
                  .reason = fmt::format("{} error: {}", util::to_string(error.kind), error.what())},
        .suite = settings.suite,
        .config_hash = settings.config_hash,
        .seed = sample_seed(settings.flow.seed, sample),
        .flow_verdict = "failed",
        .note = problem.overrides.note};
}

util::Result<EvalRecord> run_pair(const EvalServices& services, const Problem& problem,
                                  const EvalSettings& settings, InterfaceCache& interfaces,
                                  int sample) {
    auto spec = util::read_file(problem.prompt);
    if (!spec) {
        return spec.error();
    }
    const fs::path dir = settings.out_dir / problem.name / fmt::format("sample{:02}", sample);
    std::error_code ec;
    fs::remove_all(dir, ec);  // what a killed earlier attempt left
    flow::FlowOptions options = settings.flow;
    options.seed = sample_seed(settings.flow.seed, sample);
    options.sim.stimulus.seed = options.seed;
    if (!options.top) {  // the module the problem's testbench instantiates
        options.top = problem.top;
    }
    if (!options.interface) {
        options.interface = interfaces.get(problem);
    }
    // Pairs run side by side: their flow's lines say whose they are.
    util::Logger log(services.log, fmt::format("{} sample {:02}: ", problem.name, sample));
    const flow::FlowServices flow_services{.log = log,
                                           .sandbox = services.sandbox,
                                           .rtl_client = services.rtl_client,
                                           .model_client = services.model_client,
                                           .cancel = services.cancel};
    auto flow = flow::run_flow(flow_services, *spec, *settings.agents, options, dir);
    if (!flow) {
        return flow.error().with_context(fmt::format("{} sample {}", problem.name, sample));
    }
    const std::string design = flow->design_file.empty() ? "TopModule.sv" : flow->design_file;
    SampleInput input{.problem = problem.name, .sample = sample, .origin = (dir / design).string()};
    if (auto code = util::read_file(input.origin, util::ErrorKind::Io); flow->has_pair && code) {
        input.code = std::move(*code);
    } else {
        input.unusable_reason = fmt::format("the flow produced no {}", design);
    }
    auto score = services.scorer.score(problem, input);
    if (!score) {
        return score.error();
    }
    std::string note = problem.overrides.note;
    if (auto plan = services.scorer.plan(problem); plan && !plan->note.empty()) {
        note = plan->note;
    }
    return record_of(settings, *flow, std::move(*score), options.seed, std::move(note));
}

util::Result<EvalRecord> evaluate_pair(const EvalServices& services, const Problem& problem,
                                       const EvalSettings& settings, InterfaceCache& interfaces,
                                       int sample) {
    auto record = run_pair(services, problem, settings, interfaces, sample);
    // A pair that ends while the evaluation is being stopped is not recorded: the signal that
    // stops rtlduet (Ctrl-C, a scheduler's scancel) reaches the tools still running too, and a
    // sandbox killed under a pair says nothing about its design. --resume runs it again.
    if (services.cancel != nullptr && services.cancel->load()) {
        return util::make_error(util::ErrorKind::Interrupted, "evaluation interrupted");
    }
    if (record || is_environment_failure(record.error())) {
        return record;
    }
    services.log.warn("{} sample {}: recorded as error: {}", problem.name, sample,
                      record.error().what());
    return error_record(settings, problem, sample, record.error());
}

}  // namespace

std::uint64_t sample_seed(std::uint64_t seed, int sample) {
    return seed + static_cast<std::uint64_t>(sample - 1);
}

util::Result<std::vector<EvalRecord>> evaluate_pairs(const EvalServices& services,
                                                     const Suite& suite,
                                                     const EvalSettings& settings,
                                                     const std::vector<PairKey>& pairs,
                                                     const PairDoneFn& done) {
    InterfaceCache interfaces(services, settings.flow.hints);
    const fs::path results_file = settings.out_dir / "results.jsonl";
    std::mutex mutex;  // guards everything below
    std::size_t next = 0;
    std::optional<util::Error> first_error;
    std::vector<EvalRecord> records;
    const auto should_stop = [&] {
        return first_error.has_value() || (services.cancel != nullptr && services.cancel->load());
    };
    auto worker = [&] {
        for (;;) {
            PairKey key;
            {
                const std::lock_guard lock(mutex);
                if (should_stop() || next >= pairs.size()) {
                    return;
                }
                key = pairs[next++];
            }
            const Problem* problem = suite.find(key.problem);
            util::Result<EvalRecord> record =
                problem != nullptr
                    ? evaluate_pair(services, *problem, settings, interfaces, key.sample)
                    : util::Result<EvalRecord>(util::make_error(
                          util::ErrorKind::Internal, "pair of a problem outside the suite"));
            if (record) {
                if (auto written = util::append_line_durable(results_file, to_json_line(*record));
                    !written) {
                    record = written.error();
                }
            }
            const std::lock_guard lock(mutex);
            if (!record) {
                if (!first_error) {
                    first_error = record.error();
                }
                continue;
            }
            records.push_back(*record);
            if (done) {
                done(*record);
            }
        }
    };
    std::vector<std::thread> threads;
    const std::size_t workers =
        std::max<std::size_t>(1, std::min<std::size_t>(settings.jobs, pairs.size()));
    for (std::size_t i = 0; i < workers; ++i) {
        threads.emplace_back(worker);
    }
    for (std::thread& thread : threads) {
        thread.join();
    }
    if (first_error) {
        return *first_error;
    }
    if (services.cancel != nullptr && services.cancel->load()) {
        return util::make_error(util::ErrorKind::Interrupted, "evaluation interrupted");
    }
    return records;
}

}  // namespace rtlduet::bench
