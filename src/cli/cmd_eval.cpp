// cli/cmd_eval.cpp: `rtlduet eval`: the agent flow on every problem x sample of a suite (or a
// shard of it), each result scored with the official testbench, resumable after any stop.
// A measurement: exit 0 once every pair has a result, whatever the verdicts (docs/benchmarks.md).
#include <algorithm>
#include <iterator>
#include <memory>
#include <optional>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "bench/eval.h"
#include "bench/summary.h"
#include "cli/commands.h"
#include "cli/endpoint_options.h"
#include "cli/eval_config.h"
#include "cli/eval_progress.h"
#include "cli/exit_code.h"
#include "cli/flow_options.h"
#include "cli/option_checks.h"
#include "cli/recording.h"
#include "cli/shard_option.h"
#include "cli/suite_options.h"
#include "sim/simulator.h"
#include "util/files.h"

namespace rtlduet::cli {
namespace {

namespace fs = std::filesystem;

struct EvalArgs {
    SuiteCliOptions suite;
    std::string problems;
    int samples = 1;
    std::optional<unsigned> jobs;  // default: default_jobs()
    std::string out = "rtlduet-eval";
    bool resume = false;
    std::string shard = "1/1";
    std::string junit;  // --junit FILE
    FlowCliOptions flow;
    EndpointOptions endpoint;
};

util::Error usage(std::string message) {
    return util::make_error(util::ErrorKind::Usage, std::move(message));
}

// Pairs at once without --jobs. A pair has up to 2n requests out at the start of a turn and
// none while it simulates and scores. Enough pairs to fill --max-inflight at a turn's start
// (ceil(slots / n) + 1) keep a slow endpoint busy: bench/eval_bench.py at 2 s per request, 4
// slots, one pair took 1.46x the endpoint's minimum time and two 1.01x. Against a fast one
// the pairs simulate about as long as they wait, so twice that many keep its slots busy: at
// 300 ms and 4 slots, 3 pairs took 1.37x the LLM-bound ideal and 6 pairs 1.17-1.20x (9 and 12
// no better). More than four a core only wait for the CPU and add memory (12 pairs: peak RSS
// 157 MiB against 120 MiB), so that caps it, never below what fills the slots.
unsigned default_jobs(const EvalArgs& args, int max_inflight) {
    const int per_pair = args.flow.candidates;
    const int filling = (max_inflight + per_pair - 1) / per_pair + 1;
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    return static_cast<unsigned>(std::max(filling, std::min(2 * filling, 4 * cores)));
}

// The results of earlier runs in `out`: none without --resume; with it, only results made
// with the same configuration (a torn last line is cut off, with a warning).
util::Result<std::vector<bench::EvalRecord>> previous_results(AppContext& ctx, const EvalArgs& args,
                                                              const bench::EvalManifest& manifest) {
    const fs::path file = fs::path(args.out) / "results.jsonl";
    auto log = bench::read_results(file);
    if (!log) {
        return log.error();
    }
    if (!args.resume) {
        if (log->records.empty() && !log->torn_line) {
            return std::vector<bench::EvalRecord>{};
        }
        return usage(
            fmt::format("{} already holds results: pass --resume to continue that run, "
                        "or choose another --out",
                        file.string()));
    }
    if (log->torn_line) {
        ctx.log.warn(
            "{}:{}: ignoring a torn last line (the run was killed while writing it); "
            "that pair runs again",
            file.string(), *log->torn_line);
        if (auto dropped = bench::drop_torn_tail(file, *log); !dropped) {
            return dropped.error();
        }
    }
    for (const bench::EvalRecord& record : log->records) {
        if (record.config_hash == manifest.config_hash && record.suite == manifest.suite) {
            continue;
        }
        std::string detail;
        if (auto before = bench::read_manifest(fs::path(args.out) / "eval.json")) {
            for (const std::string& difference :
                 bench::config_differences(manifest.config, before->config)) {
                detail += difference + "\n";
            }
        }
        return util::make_error(
            util::ErrorKind::Usage,
            fmt::format("refusing to resume into {}: its results were made with a different "
                        "configuration (config hash {} of suite {}, now {} of suite {}); use the "
                        "same options or another --out",
                        args.out, record.config_hash, record.suite, manifest.config_hash,
                        manifest.suite),
            detail);
    }
    return std::move(log->records);
}

struct Prepared {
    bench::Suite suite;
    std::vector<std::string> selected;  // before sharding
    flow::AgentPair agents;
    flow::FlowOptions flow;
    LlmSettings llm;
    bench::Toolchain tools;
    bench::EvalManifest manifest;
};

util::Result<Prepared> prepare(AppContext& ctx, const EvalArgs& args, bench::Shard shard) {
    auto suite = load_suite_option(args.suite);
    if (!suite) {
        return suite.error();
    }
    std::vector<std::string> selected;
    for (const bench::Problem* problem : bench::select_problems(*suite, args.problems)) {
        selected.push_back(problem->name);
    }
    if (selected.empty()) {
        return usage("--problems " + args.problems + " matches no problem of the suite");
    }
    auto agents = load_agent_pair(ctx, args.flow);
    if (!agents) {
        return agents.error();
    }
    auto flow = make_flow_options(ctx, args.flow);
    if (!flow) {
        return flow.error();
    }
    if (flow->top) {  // a suite whose testbenches instantiate another name
        for (bench::Problem& problem : suite->problems) {
            problem.top = *flow->top;
        }
    }
    auto llm = make_llm_settings(args.endpoint);
    if (!llm) {
        return llm.error();
    }
    auto tools = bench::probe_toolchain(ctx.sandbox());
    if (!tools) {
        return tools.error();
    }
    std::string interface_text;
    if (!args.flow.interface_file.empty()) {
        auto text = util::read_file(args.flow.interface_file);
        if (!text) {
            return text.error().with_context("--interface");
        }
        interface_text = std::move(*text);
    }
    const auto config = eval_config(args.flow, *llm, *agents, interface_text,
                                    bench::score_config_hash(*suite, *tools, {}));
    bench::EvalManifest manifest{.suite = suite->name,
                                 .config_hash = bench::config_hash_of(config),
                                 .config = config,
                                 .problems = selected,
                                 .samples = args.samples,
                                 .shard = shard,
                                 .tools = *tools,
                                 .errata = suite->errata};
    return Prepared{.suite = std::move(*suite),
                    .selected = std::move(selected),
                    .agents = std::move(*agents),
                    .flow = std::move(*flow),
                    .llm = std::move(*llm),
                    .tools = std::move(*tools),
                    .manifest = std::move(manifest)};
}

// Earlier results of the slice's pairs (first line of a pair wins), plus the new ones.
std::vector<bench::EvalRecord> slice_records(const std::vector<bench::PairKey>& slice,
                                             const std::vector<bench::EvalRecord>& earlier) {
    const std::set<bench::PairKey> wanted(slice.begin(), slice.end());
    std::set<bench::PairKey> seen;
    std::vector<bench::EvalRecord> records;
    for (const bench::EvalRecord& record : earlier) {
        if (wanted.contains(record.key()) && seen.insert(record.key()).second) {
            records.push_back(record);
        }
    }
    return records;
}

int finish_summary(AppContext& ctx, const EvalArgs& args, const Prepared& prepared,
                   const std::vector<bench::PairKey>& slice,
                   const std::vector<bench::EvalRecord>& records) {
    std::vector<std::string> problems;
    for (const bench::PairKey& key : slice) {
        if (problems.empty() || problems.back() != key.problem) {
            problems.push_back(key.problem);
        }
    }
    const bench::Summary summary = bench::summarize_records(prepared.manifest, problems, records);
    const fs::path path = fs::path(args.out) / "summary.json";
    if (auto written = util::write_file_atomic(path, bench::eval_summary_json(summary, records));
        !written) {
        return report_error(ctx.log, written.error());
    }
    if (!args.junit.empty()) {
        if (auto written = util::write_file_atomic(args.junit, bench::render_junit(summary));
            !written) {
            return report_error(ctx.log, written.error());
        }
    }
    const bench::EvalFigures figures = bench::eval_figures(summary, records);
    const fs::path html = fs::path(args.out) / "report.html";
    if (auto written =
            util::write_file_atomic(html, bench::render_eval_html(summary, figures, true));
        !written) {
        return report_error(ctx.log, written.error());
    }
    fmt::print("{}", bench::render_table(summary));
    fmt::print("{}", bench::render_flow_against_official(figures));
    std::fflush(stdout);
    ctx.log.info("eval: wrote {}, {}, {}", (fs::path(args.out) / "results.jsonl").string(),
                 path.string(), html.string());
    return kExitOk;
}

int run_pairs(AppContext& ctx, const EvalArgs& args, const Prepared& prepared,
              const std::vector<bench::PairKey>& slice, std::vector<bench::EvalRecord> records) {
    std::set<bench::PairKey> finished;
    for (const bench::EvalRecord& record : records) {
        finished.insert(record.key());
    }
    std::vector<bench::PairKey> todo;
    std::copy_if(slice.begin(), slice.end(), std::back_inserter(todo),
                 [&](const bench::PairKey& key) { return !finished.contains(key); });
    auto llm = make_llm_clients(ctx, args.endpoint);
    if (!llm) {
        return report_error(ctx.log, llm.error());
    }
    const unsigned jobs = args.jobs.value_or(default_jobs(args, llm->limiter->capacity()));
    bench::Scorer scorer(ctx.sandbox(), ctx.log, ctx.clock, prepared.tools,
                         {.jobs = jobs,
                          .cache_dir = AppContext::cache_dir(),
                          .keep_work = ctx.options.keep_work,
                          .cancel = &ctx.interrupted});
    const bench::EvalServices services{.log = ctx.log,
                                       .sandbox = ctx.sandbox(),
                                       .rtl_client = *llm->rtl,
                                       .model_client = *llm->model,
                                       .scorer = scorer,
                                       .cancel = &ctx.interrupted};
    const bench::EvalSettings settings{.out_dir = args.out,
                                       .jobs = jobs,
                                       .suite = prepared.manifest.suite,
                                       .config_hash = prepared.manifest.config_hash,
                                       .agents = &prepared.agents,
                                       .flow = prepared.flow};
    ctx.log.info(
        "eval: {} pairs in shard {}/{} ({} problems x {} samples), {} done earlier, {} to "
        "run, {} at once; config hash {}",
        slice.size(), prepared.manifest.shard.index, prepared.manifest.shard.count,
        prepared.selected.size(), args.samples, records.size(), todo.size(), jobs,
        prepared.manifest.config_hash);
    EvalProgress progress(ctx.log, ctx.clock, slice.size(), records);
    auto fresh =
        bench::evaluate_pairs(services, prepared.suite, settings, todo,
                              [&](const bench::EvalRecord& record) { progress.finished(record); });
    log_pool_usage(ctx.log, *llm);
    if (!fresh) {
        const fs::path results = fs::path(args.out) / "results.jsonl";
        std::error_code ec;
        if (fs::file_size(results, ec) > 0 && !ec) {
            ctx.log.warn(
                "eval: stopped; finished pairs are in {}; run again with --resume to "
                "continue",
                results.string());
        }
        return report_error(ctx.log, fresh.error());
    }
    records.insert(records.end(), fresh->begin(), fresh->end());
    return finish_summary(ctx, args, prepared, slice, records);
}

int run_eval(AppContext& ctx, const EvalArgs& args) {
    auto resolved = resolve_shard(args.shard);
    if (!resolved) {
        return report_error(ctx.log, resolved.error());
    }
    const bench::Shard& shard = resolved->shard;
    if (!resolved->source.empty()) {
        ctx.log.info("eval: shard {}/{} from {}", shard.index, shard.count, resolved->source);
    }
    auto prepared = prepare(ctx, args, shard);
    if (!prepared) {
        return report_error(ctx.log, prepared.error());
    }
    if (auto checked = check_recording(
            ctx, "eval", args.endpoint,
            recorded_options(prepared->manifest.config, args.samples,
                             std::string(sim::to_string(prepared->flow.sim.backend))));
        !checked) {
        return report_error(ctx.log, checked.error());
    }
    auto earlier = previous_results(ctx, args, prepared->manifest);
    if (!earlier) {
        return report_error(ctx.log, earlier.error());
    }
    const fs::path manifest = fs::path(args.out) / "eval.json";
    if (auto made = util::make_directories(args.out); !made) {
        return report_error(ctx.log, made.error());
    }
    if (auto written = util::write_file_atomic(manifest, bench::manifest_json(prepared->manifest));
        !written) {
        return report_error(ctx.log, written.error());
    }
    const auto slice = bench::shard_pairs(prepared->selected, args.samples, shard);
    if (slice.empty()) {
        ctx.log.warn("eval: shard {}/{} holds no pair ({} problems x {} samples)", shard.index,
                     shard.count, prepared->selected.size(), args.samples);
    }
    return run_pairs(ctx, args, *prepared, slice, slice_records(slice, *earlier));
}

}  // namespace

void add_eval_command(CLI::App& app, CommandRegistry& registry) {
    auto args = std::make_shared<EvalArgs>();
    CLI::App* command = app.add_subcommand(
        "eval",
        "Run the agent flow on every problem x sample of a suite and score each result with the "
        "official testbench: results.jsonl, summary.json, report.html, per-problem table (exit 0 "
        "whatever the pass rate)");
    add_suite_options(*command, args->suite);
    command->add_option("--problems", args->problems, "Comma-separated problem name globs");
    command
        ->add_option("--samples,-k", args->samples,
                     "How many samples per problem: a count K, sample s using seed seed+s-1 "
                     "(in `score`, --samples is instead the PATH of samples to score)")
        ->capture_default_str()
        ->check(whole_number(1, 1000,
                             "; in eval --samples is a count per problem (to score samples "
                             "you have, use rtlduet score --samples PATH)"));
    command
        ->add_option_function<unsigned>(
            "--jobs,-j", [args](const unsigned& jobs) { args->jobs = jobs; },
            "Pairs run at once; --max-inflight still caps LLM requests over all of them "
            "(default: twice ceil(max-inflight / n) + 1, at most 4 per core but never fewer than "
            "that: pairs simulate while others wait for the LLM)")
        ->check(whole_number(1, 256));
    command->add_option("-o,--out", args->out, "Output directory")->capture_default_str();
    command->add_option("--junit", args->junit,
                        "Also write JUnit XML: one testcase per problem, as score --junit");
    command->add_flag("--resume", args->resume,
                      "Continue the run in --out: skip pairs it finished with the same options");
    command
        ->add_option("--shard", args->shard,
                     "I/N: only the pairs whose index in the sorted (problem, sample) list is "
                     "I-1 modulo N (I from 1); auto or auto/N: I (and N) from the scheduler "
                     "(Slurm array, Kubernetes Indexed Job, GitLab parallel; docs/cluster.md)")
        ->capture_default_str();
    add_flow_options(*command, args->flow);
    add_endpoint_options(*command, args->endpoint);
    registry.add(command, [args](AppContext& ctx) { return run_eval(ctx, *args); });
}

}  // namespace rtlduet::cli
