// cli/eval_progress.cpp: progress lines of `rtlduet eval`.
#include "cli/eval_progress.h"

#include <cmath>

#include <fmt/format.h>

namespace rtlduet::cli {
namespace {

std::string duration_text(double seconds) {
    const long total = std::lround(seconds);
    if (total >= 3600) {
        return fmt::format("{}h{:02}m", total / 3600, total % 3600 / 60);
    }
    return total >= 60 ? fmt::format("{}m{:02}s", total / 60, total % 60)
                       : fmt::format("{}s", total);
}

}  // namespace

EvalProgress::EvalProgress(util::Logger& log, const util::Clock& clock, std::size_t total,
                           const std::vector<bench::EvalRecord>& earlier)
    : log_(log), clock_(clock), started_(clock.now()), total_(total) {
    for (const bench::EvalRecord& record : earlier) {
        count(record);
    }
}

void EvalProgress::count(const bench::EvalRecord& record) {
    ++done_;
    if (record.score.verdict != bench::Verdict::Skipped) {
        ++scored_;
        passes_ += record.score.verdict == bench::Verdict::Pass ? 1 : 0;
    }
}

void EvalProgress::finished(const bench::EvalRecord& record) {
    count(record);
    ++session_;
    const double elapsed = util::to_seconds(clock_.now() - started_);
    const std::size_t left = total_ > done_ ? total_ - done_ : 0;
    const double eta = elapsed / static_cast<double>(session_) * static_cast<double>(left);
    const double pass_at_1 = scored_ > 0 ? static_cast<double>(passes_) / scored_ : 0.0;
    log_.info(
        "eval: [{}/{}] {} sample {:02}: {} (flow {}, {} turn{}, match {:.3f}); pass@1 "
        "{:.3f}; ETA {}",
        done_, total_, record.score.problem, record.score.sample,
        bench::to_string(record.score.verdict), record.flow_verdict, record.turns,
        record.turns == 1 ? "" : "s", record.match_rate, pass_at_1,
        left == 0 ? "done" : duration_text(eta));
}

}  // namespace rtlduet::cli
