// bench/detail/summary_html.h: the parts report.html of `score` and of `eval` share: the
// figures (pass@k, verdicts by kind, errata), the per-problem table and the per-sample table
// with its filters.
#pragma once

#include <string>
#include <string_view>

#include "bench/eval_results.h"
#include "bench/summary.h"

namespace rtlduet::bench::detail {

/// Title, suite facts, pass@k, verdicts by kind (counts and a bar), errata.
std::string summary_figures(const Summary& summary, std::string_view command);

/// One row per problem, filterable by name and by outcome.
std::string problems_table(const Summary& summary);

/// One row per sample, filterable by verdicts and name. With `eval`, the flow's verdict,
/// turns and match rate too, a sample the flow agreed on and the testbench failed marked
/// (data-alarm="1"), and with `link_pairs` a link to the pair's report.html.
std::string samples_table(const Summary& summary, const EvalFigures* eval, bool link_pairs);

}  // namespace rtlduet::bench::detail
