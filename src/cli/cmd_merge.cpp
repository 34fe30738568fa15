// cli/cmd_merge.cpp: `rtlduet merge OUT1 OUT2 ... --out DIR`: combines the outputs of sharded
// eval runs into DIR/results.jsonl, DIR/eval.json and DIR/summary.json, and prints the table.
// Exit 0 merged (missing pairs are reported), 2 outputs that do not belong together, 3 I/O.
#include <memory>

#include <fmt/format.h>

#include "bench/eval_results.h"
#include "bench/summary.h"
#include "cli/commands.h"
#include "cli/exit_code.h"
#include "util/files.h"

namespace rtlduet::cli {
namespace {

namespace fs = std::filesystem;

struct MergeArgs {
    std::vector<std::string> inputs;
    std::string out;
};

util::Status write_merged(const fs::path& out, const bench::MergedEval& merged,
                          const bench::Summary& summary) {
    std::string lines;
    for (const bench::EvalRecord& record : merged.records) {
        lines += bench::to_json_line(record) + "\n";
    }
    if (auto made = util::make_directories(out); !made) {
        return made;
    }
    if (auto written = util::write_file_atomic(out / "results.jsonl", lines); !written) {
        return written;
    }
    if (auto written =
            util::write_file_atomic(out / "eval.json", bench::manifest_json(merged.manifest));
        !written) {
        return written;
    }
    if (auto written = util::write_file_atomic(out / "summary.json",
                                               bench::eval_summary_json(summary, merged.records));
        !written) {
        return written;
    }
    // The pairs' own reports stay in the shards' directories: no links to them here.
    return util::write_file_atomic(
        out / "report.html",
        bench::render_eval_html(summary, bench::eval_figures(summary, merged.records), false));
}

int run_merge(AppContext& ctx, const MergeArgs& args) {
    const std::vector<fs::path> inputs(args.inputs.begin(), args.inputs.end());
    auto merged = bench::merge_evals(inputs);
    if (!merged) {
        return report_error(ctx.log, merged.error());
    }
    for (const std::string& warning : merged->warnings) {
        ctx.log.warn("merge: {}", warning);
    }
    if (merged->duplicates > 0) {
        ctx.log.warn(
            "merge: {} results of pairs already merged were dropped (the first one of "
            "each pair is kept)",
            merged->duplicates);
    }
    if (!merged->missing.empty()) {
        ctx.log.warn(
            "merge: {} pairs of the selection have no result (first: {} sample {:02}); "
            "is a shard missing or unfinished?",
            merged->missing.size(), merged->missing.front().problem,
            merged->missing.front().sample);
    }
    const bench::Summary summary =
        bench::summarize_records(merged->manifest, merged->manifest.problems, merged->records);
    if (auto written = write_merged(args.out, *merged, summary); !written) {
        return report_error(ctx.log, written.error());
    }
    fmt::print("{}", bench::render_table(summary));
    ctx.log.info("merge: {} results from {} outputs into {}", merged->records.size(), inputs.size(),
                 args.out);
    return kExitOk;
}

}  // namespace

void add_merge_command(CLI::App& app, CommandRegistry& registry) {
    auto args = std::make_shared<MergeArgs>();
    CLI::App* command = app.add_subcommand(
        "merge",
        "Combine the outputs of sharded eval runs (same suite and options) into one "
        "results.jsonl, summary.json and report.html");
    command->add_option("outputs", args->inputs, "eval output directories")
        ->required()
        ->check(CLI::ExistingDirectory);
    command->add_option("-o,--out", args->out, "Directory for the merged results")->required();
    registry.add(command, [args](AppContext& ctx) { return run_merge(ctx, *args); });
}

}  // namespace rtlduet::cli
