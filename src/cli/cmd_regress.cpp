// cli/cmd_regress.cpp: `rtlduet regress`: the CI gate comparing two benchmark summaries.
#include <memory>

#include <fmt/format.h>

#include "bench/regress.h"
#include "cli/commands.h"
#include "cli/exit_code.h"
#include "util/files.h"

namespace rtlduet::cli {
namespace {

struct RegressOptions {
    std::string baseline;
    std::string current;
    std::string tolerance = "0";
    std::string junit;
    std::vector<std::string> flaky;
};

// "0.02" is a fraction of pass@1; "2%" means the same. A fraction above 1 ("2") would switch
// the gate off, so it is refused rather than read as 200%.
util::Result<double> parse_tolerance(const std::string& given) {
    std::string text = given;
    const bool is_percent = !text.empty() && text.back() == '%';
    if (is_percent) {
        text.pop_back();
    }
    try {
        std::size_t used = 0;
        const double value = std::stod(text, &used);
        const double fraction = is_percent ? value / 100.0 : value;
        if (used == text.size() && fraction >= 0.0 && fraction <= 1.0) {
            return fraction;
        }
    } catch (const std::exception&) {
    }
    return util::make_error(util::ErrorKind::Usage,
                            fmt::format("--tolerance {}: expected a fraction of pass@1 from 0 to "
                                        "1 like 0.02, or a percentage like 2%",
                                        given));
}

int run_regress(AppContext& ctx, const RegressOptions& options) {
    auto tolerance = parse_tolerance(options.tolerance);
    if (!tolerance) {
        return report_error(ctx.log, tolerance.error());
    }
    auto baseline = bench::read_summary(options.baseline);
    if (!baseline) {
        return report_error(ctx.log, baseline.error());
    }
    auto current = bench::read_summary(options.current);
    if (!current) {
        return report_error(ctx.log, current.error());
    }
    auto report = bench::compare_summaries(*baseline, *current, *tolerance, options.flaky);
    if (!report) {
        return report_error(ctx.log, report.error());
    }
    fmt::print("{}", bench::render_regression_table(*report));
    if (!options.junit.empty()) {
        if (auto written =
                util::write_file_atomic(options.junit, bench::render_regression_junit(*report));
            !written) {
            return report_error(ctx.log, written.error());
        }
    }
    return report->is_regression() ? kExitNegative : kExitOk;
}

}  // namespace

void add_regress_command(CLI::App& app, CommandRegistry& registry) {
    auto options = std::make_shared<RegressOptions>();
    CLI::App* command = app.add_subcommand(
        "regress",
        "Compare two summary.json files problem by problem; exit 1 on a pass@1 drop "
        "beyond the tolerance or a problem that no longer passes");
    command->add_option("--baseline", options->baseline, "Baseline summary.json")
        ->required()
        ->check(CLI::ExistingFile);
    command->add_option("--current", options->current, "Current summary.json")
        ->required()
        ->check(CLI::ExistingFile);
    command
        ->add_option("--tolerance", options->tolerance,
                     "Allowed pass@1 drop: a fraction of pass@1 from 0 to 1 (0.02) or a "
                     "percentage (2%)")
        ->capture_default_str();
    command
        ->add_option("--flaky", options->flaky,
                     "Known-flaky problems (name globs, comma-separated or repeated): they may "
                     "stop passing, and pass@1 is then compared over the other problems")
        ->delimiter(',');
    command->add_option("--junit", options->junit, "Write JUnit XML (one testcase per problem)");
    registry.add(command, [options](AppContext& ctx) { return run_regress(ctx, *options); });
}

}  // namespace rtlduet::cli
