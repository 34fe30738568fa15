// sim/guided.cpp: the guided rounds around one built Verilator simulation (one rerun of the
// same executable per round, no rebuild: the row count never changes).
#include "sim/guided.h"

#include <algorithm>
#include <set>

#include "stimulus/guided.h"

namespace rtlduet::sim {
namespace {

using Clock = std::chrono::steady_clock;

std::size_t reached_points(const CoverageCounts& counts) {
    const auto reached = counts.reached();
    return static_cast<std::size_t>(std::count(reached.begin(), reached.end(), true));
}

// The windows of rows that reached a point first, as row ranges.
std::vector<std::pair<std::size_t, std::size_t>> productive_ranges(const CoverageCounts& counts,
                                                                   std::size_t rows) {
    std::set<int> windows;
    for (const int window : counts.first_window()) {
        if (window >= 0) {
            windows.insert(window);
        }
    }
    std::vector<std::pair<std::size_t, std::size_t>> ranges;
    for (const int window : windows) {
        const std::size_t first = static_cast<std::size_t>(window) * counts.window_rows;
        ranges.emplace_back(first, std::min(first + counts.window_rows, rows));
    }
    return ranges;
}

std::string reason_to_skip(const GuidedRun& run, const GuidedOptions& guided, std::size_t rows) {
    if (!guided.is_enabled) {
        return "guided stimulus is off";
    }
    if (run.counts.empty()) {
        return "no coverage was measured";
    }
    if (run.report.reached_before == run.report.points) {
        return "the rows reached every coverage point";
    }
    if (rows < guided.min_rows || guided.rounds <= 0 || guided.share <= 0.0) {
        return "too few rows to guide";
    }
    return {};
}

// One round: the segment [from, to) replaced and rerun; kept when it reached more points.
util::Status run_round(const util::Sandbox& sandbox, const hdl::Interface& ifc,
                       const BuiltSimulation& built, const SimulationOptions& options, int round,
                       std::size_t from, std::size_t to, GuidedRun& run) {
    const std::size_t rows = run.vectors.rows.size();
    const stimulus::GuidedRequest request{.from = from,
                                          .to = to,
                                          .productive = productive_ranges(run.counts, rows),
                                          .seed = run.vectors.seed,
                                          .round = round};
    stimulus::VectorSet candidate = stimulus::guided_rows(ifc, run.vectors, request);
    auto simulation = run_built(sandbox, ifc, candidate, built, options);
    if (!simulation) {
        return simulation.error();
    }
    ++run.report.rounds;
    auto counts = read_coverage(options.work_dir, rows);
    if (!counts) {
        return counts.error();
    }
    // A run that fails on guided rows found something: those rows are kept and decide.
    const std::size_t reached = reached_points(*counts);
    if (simulation->failure || reached > run.report.reached_after) {
        run.vectors = std::move(candidate);
        run.simulation = std::move(*simulation);
        run.counts = std::move(*counts);
        run.report.reached_after = std::max(reached, run.report.reached_after);
        run.report.guided_rows += to - from;
        ++run.report.accepted;
    }
    return {};
}

}  // namespace

util::Result<GuidedRun> run_guided(const util::Sandbox& sandbox, const hdl::Interface& ifc,
                                   const stimulus::VectorSet& vectors, const BuiltSimulation& built,
                                   const SimulationOptions& options, const GuidedOptions& guided) {
    GuidedRun run{.vectors = vectors};
    auto first = run_built(sandbox, ifc, vectors, built, options);
    if (!first) {
        return first.error();
    }
    run.simulation = std::move(*first);
    if (run.simulation.failure) {
        run.report.why_not = "the design did not run";
        return run;
    }
    auto counts = read_coverage(options.work_dir, vectors.rows.size());
    if (!counts) {
        return counts.error();
    }
    run.counts = std::move(*counts);
    run.report.points = run.counts.points.size();
    run.report.reached_before = reached_points(run.counts);
    run.report.reached_after = run.report.reached_before;
    const std::size_t rows = vectors.rows.size();
    run.report.why_not = reason_to_skip(run, guided, rows);
    if (!run.report.why_not.empty()) {
        return run;
    }
    run.report.has_run = true;
    const auto started = Clock::now();
    const auto tail = static_cast<std::size_t>(static_cast<double>(rows) * guided.share);
    const std::size_t start = rows - tail;
    for (int round = 1; round <= guided.rounds && !run.simulation.failure; ++round) {
        const std::size_t from = start + tail * static_cast<std::size_t>(round - 1) /
                                             static_cast<std::size_t>(guided.rounds);
        const std::size_t to = start + tail * static_cast<std::size_t>(round) /
                                           static_cast<std::size_t>(guided.rounds);
        if (auto done = run_round(sandbox, ifc, built, options, round, from, to, run); !done) {
            return done.error();
        }
    }
    run.report.time = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
    return run;
}

}  // namespace rtlduet::sim
