// cli/cmd_score.cpp: `rtlduet score`: scores samples against a suite's official testbenches
// and prints the per-problem table; summary.json and JUnit on request. A measurement: exit 0
// whatever the pass rate, 1 when selected problems had no samples at all.
#include <filesystem>
#include <system_error>
#include <thread>

#include <fmt/format.h>

#include "bench/score.h"
#include "bench/summary.h"
#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/option_checks.h"
#include "cli/suite_options.h"
#include "util/files.h"

namespace rtlduet::cli {
namespace {

struct ScoreArgs {
    SuiteCliOptions suite;
    std::string samples;
    bool golden = false;
    std::string problems;
    unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
    std::string json_path;
    std::string junit_path;
    std::string html_path;
    double timeout_seconds = 30;
    std::string cache_dir;
    std::string top;
};

util::Result<std::vector<bench::SampleInput>> selected_samples(
    const bench::Suite& suite, const std::vector<const bench::Problem*>& problems,
    const ScoreArgs& args) {
    const std::string& path = args.samples;
    if (args.golden) {
        return bench::golden_samples(problems);
    }
    if (path.empty()) {
        return util::make_error(util::ErrorKind::Usage, "give --samples PATH or --golden");
    }
    auto samples = bench::load_samples(path, suite);
    if (!samples) {
        return samples.error();
    }
    std::erase_if(*samples, [&](const bench::SampleInput& sample) {
        return std::none_of(problems.begin(), problems.end(),
                            [&](const bench::Problem* p) { return p->name == sample.problem; });
    });
    if (samples->empty()) {
        return util::make_error(util::ErrorKind::Input,
                                fmt::format("{}: no samples for the selected problems", path));
    }
    return samples;
}

util::Status write_outputs(const ScoreArgs& args, const bench::Summary& summary) {
    if (!args.json_path.empty()) {
        if (auto written = bench::write_summary(args.json_path, summary); !written) {
            return written.error();
        }
    }
    if (!args.junit_path.empty()) {
        if (auto written = util::write_file_atomic(args.junit_path, bench::render_junit(summary));
            !written) {
            return written;
        }
    }
    if (!args.html_path.empty()) {
        return util::write_file_atomic(args.html_path, bench::render_html(summary));
    }
    return {};
}

bench::Summary summarize_run(bench::Scorer& scorer, const bench::Suite& suite,
                             const std::vector<const bench::Problem*>& problems,
                             std::vector<bench::SampleResult> results,
                             const bench::ScoreOptions& options) {
    bench::SummaryContext context{
        .suite = suite.name,
        .errata = suite.errata,
        .config_hash = bench::score_config_hash(suite, scorer.tools(), options),
        .tools = scorer.tools()};
    for (const bench::Problem* problem : problems) {
        context.selected_problems.push_back(problem->name);
        if (!problem->overrides.note.empty()) {
            context.notes[problem->name] = problem->overrides.note;
        }
    }
    for (const bench::SampleResult& result : results) {
        if (auto plan = scorer.plan(*suite.find(result.problem)); plan && !plan->note.empty()) {
            context.notes[result.problem] = plan->note;
        }
    }
    return bench::summarize(context, std::move(results));
}

int run_score(AppContext& ctx, const ScoreArgs& args) {
    auto suite = load_suite_option(args.suite);
    if (!suite) {
        return report_error(ctx.log, suite.error());
    }
    if (!args.top.empty()) {  // a suite whose testbenches instantiate another name
        for (bench::Problem& problem : suite->problems) {
            problem.top = args.top;
        }
    }
    const auto problems = bench::select_problems(*suite, args.problems);
    if (problems.empty()) {
        return report_error(ctx.log, util::make_error(util::ErrorKind::Usage,
                                                      "--problems " + args.problems +
                                                          " matches no problem of the suite"));
    }
    auto samples = selected_samples(*suite, problems, args);
    if (!samples) {
        return report_error(ctx.log, samples.error());
    }
    auto tools = bench::probe_toolchain(ctx.sandbox());
    if (!tools) {
        return report_error(ctx.log, tools.error());
    }
    const bench::ScoreOptions options{
        .timeout = std::chrono::milliseconds(static_cast<long>(args.timeout_seconds * 1000)),
        .jobs = args.jobs,
        .cache_dir = args.cache_dir.empty() ? AppContext::cache_dir()
                                            : std::filesystem::path(args.cache_dir),
        .keep_work = ctx.options.keep_work,
        .cancel = &ctx.interrupted};
    ctx.log.info("score: {} samples of {} problems, {} jobs, iverilog {}, verilator {}",
                 samples->size(), problems.size(), options.jobs, tools->iverilog,
                 tools->verilator.empty() ? "absent" : tools->verilator);
    bench::Scorer scorer(ctx.sandbox(), ctx.log, ctx.clock, *tools, options);
    const std::size_t step = std::max<std::size_t>(1, samples->size() / 10);
    auto results =
        bench::score_all(scorer, *suite, *samples,
                         [&](const bench::SampleResult& r, std::size_t done, std::size_t total) {
                             ctx.log.debug("score: {} sample {}: {} {}", r.problem, r.sample,
                                           bench::to_string(r.verdict), r.reason);
                             if (done % step == 0 || done == total) {
                                 ctx.log.info("score: {}/{} samples scored", done, total);
                             }
                         });
    if (!results) {
        return report_error(ctx.log, results.error());
    }
    const bench::Summary summary =
        summarize_run(scorer, *suite, problems, std::move(*results), options);
    fmt::print("{}", bench::render_table(summary));
    std::fflush(stdout);
    if (auto written = write_outputs(args, summary); !written) {
        return report_error(ctx.log, written.error());
    }
    if (!summary.problems_without_samples.empty()) {
        ctx.log.warn(
            "score: {} selected problems have no samples (first: {}); pass@k covers "
            "only the others",
            summary.problems_without_samples.size(), summary.problems_without_samples.front());
        return kExitNegative;
    }
    return kExitOk;
}

}  // namespace

void add_score_command(CLI::App& app, CommandRegistry& registry) {
    CLI::App* command = app.add_subcommand(
        "score",
        "Score samples against a suite's official testbenches (VerilogEval v2, ChipBench, "
        "RTLLM 2.0): "
        "per-problem table, pass@k, summary.json, JUnit, report.html");
    auto args = std::make_shared<ScoreArgs>();
    add_suite_options(*command, args->suite);
    CLI::Option* samples =
        command
            ->add_option("--samples", args->samples,
                         "PATH of the samples to score: a JSONL file, an eval output directory, "
                         "or a directory of <problem>_sample<NN>.sv (in `eval`, --samples is "
                         "instead a count per problem)")
            ->check(CLI::Validator(
                [](std::string& path) -> std::string {
                    std::error_code error;
                    if (std::filesystem::exists(path, error)) {
                        return {};
                    }
                    return fmt::format(
                        "no such file or directory: '{}'; in score --samples is the PATH of "
                        "the samples to score (a count per problem is eval's --samples K)",
                        path);
                },
                "PATH"));
    command
        ->add_flag("--golden", args->golden,
                   "Score each problem's own reference (renamed as the suite's layout requires) "
                   "as its one sample")
        ->excludes(samples);
    command->add_option("--problems", args->problems, "Comma-separated problem name globs");
    command->add_option("--top", args->top,
                        "Top module of the candidates, the name the testbench instantiates "
                        "(default: the suite's; TopModule for VerilogEval)");
    command->add_option("--jobs,-j", args->jobs, "Samples scored at once")
        ->capture_default_str()
        ->check(whole_number(1, 256));
    command->add_option("--json", args->json_path, "Write summary.json here");
    command->add_option("--junit", args->junit_path, "Write JUnit XML here");
    command->add_option("--html", args->html_path,
                        "Write report.html here (one self-contained page: pass@k, verdicts, "
                        "per-problem and per-sample tables with filters)");
    command->add_option("--timeout", args->timeout_seconds, "Wall limit of one simulation, s")
        ->capture_default_str()
        ->check(number_between(0.1, 86400));
    command->add_option("--cache-dir", args->cache_dir,
                        "Golden results and compiled objects (default: $XDG_CACHE_HOME/rtlduet "
                        "or ~/.cache/rtlduet)");
    registry.add(command, [args](AppContext& ctx) { return run_score(ctx, *args); });
}

}  // namespace rtlduet::cli
