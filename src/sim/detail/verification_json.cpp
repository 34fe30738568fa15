// sim/detail/verification_json.cpp: JSON and summary lines for confirmation, coverage and
// the rows' sources.
#include "sim/detail/verification_json.h"

#include <fmt/format.h>

#include "sim/confirm.h"

namespace rtlduet::sim::detail {
namespace {

using nlohmann::json;

json backend_json(const BackendVerdict& side) {
    json out = {{"simulator", to_string(side.backend)},
                {"verdict", to_string(side.verdict)},
                {"reason", side.reason},
                {"built", side.built},
                {"match_rate", side.match_rate},
                {"x_bits", side.x_bits},
                {"failure", nullptr},
                {"first_mismatch", nullptr}};
    if (side.failure) {
        out["failure"] = {{"stage", side.failure->stage},
                          {"message", side.failure->message},
                          {"log", side.failure->log}};
    }
    if (side.first_mismatch) {
        const Mismatch& m = *side.first_mismatch;
        out["first_mismatch"] = {{"row", m.row},
                                 {"phase", m.phase == Phase::PreEdge ? "pre_edge" : "post_edge"},
                                 {"signal", m.signal},
                                 {"rtl", m.rtl},
                                 {"model", m.model}};
    }
    return out;
}

constexpr std::size_t kListed = 50;  // uncovered items listed in full; the rest are counted

template <typename T, typename F>
json listed(const std::vector<T>& items, F to_json) {
    json out = json::array();
    for (std::size_t i = 0; i < items.size() && i < kListed; ++i) {
        out.push_back(to_json(items[i]));
    }
    return out;
}

double fraction(std::size_t part, std::size_t whole) {
    return whole == 0 ? 1.0 : static_cast<double>(part) / static_cast<double>(whole);
}

}  // namespace

json coverage_json(const Coverage& coverage) {
    if (!coverage.is_measured) {
        return nullptr;
    }
    json fsms = json::array();
    for (const FsmCoverage& fsm : coverage.fsms) {
        fsms.push_back({{"variable", fsm.variable},
                        {"line", fsm.line},
                        {"states", fsm.states},
                        {"unreached", fsm.unreached}});
    }
    return {
        {"measured_by", "verilator"},
        {"lines",
         {{"points", coverage.lines},
          {"reached", coverage.lines_hit},
          {"fraction", fraction(coverage.lines_hit, coverage.lines)},
          {"uncovered",
           listed(coverage.uncovered_lines,
                  [](const UncoveredLine& line) {
                      return json{{"file", line.file}, {"line", line.line}, {"kind", line.kind}};
                  })},
          {"uncovered_count", coverage.uncovered_lines.size()}}},
        {"toggles",
         {{"bits", coverage.toggle_bits},
          {"toggled", coverage.toggles_hit},
          {"fraction", fraction(coverage.toggles_hit, coverage.toggle_bits)},
          {"never_toggled", listed(coverage.untoggled, [](const std::string& bit) { return bit; })},
          {"never_toggled_count", coverage.untoggled.size()}}},
        {"fsms", fsms}};
}

json synthesis_json(const std::optional<hdl::SynthesisReport>& synthesis) {
    if (!synthesis) {
        return nullptr;
    }
    json issues = json::array();
    for (const hdl::SynthesisIssue& issue : synthesis->issues) {
        issues.push_back({{"kind", issue.kind},
                          {"signal", issue.signal.empty() ? json(nullptr) : json(issue.signal)},
                          {"message", issue.message}});
    }
    return {{"tool", "yosys"},
            {"synthesizable", synthesis->is_synthesizable},
            {"clean", synthesis->is_clean()},
            {"issues", issues},
            {"log", synthesis->log}};
}

json stimulus_json(const CrosscheckResult& result) {
    json runs = json::array();
    const auto& sources = result.sources;
    for (std::size_t from = 0; from < sources.size();) {
        std::size_t to = from;
        while (to < sources.size() && sources[to] == sources[from]) {
            ++to;
        }
        runs.push_back({{"source", stimulus::to_string(sources[from])},
                        {"from_row", from},
                        {"rows", to - from}});
        from = to;
    }
    if (sources.empty() && result.vectors > 0) {
        runs.push_back({{"source", "random"}, {"from_row", 0}, {"rows", result.vectors}});
    }
    const GuidedReport& guided = result.guided;
    return {{"rows", result.vectors},
            {"seed", result.seed},
            {"guided",
             {{"ran", guided.has_run},
              {"why_not", guided.why_not.empty() ? json(nullptr) : json(guided.why_not)},
              {"rounds", guided.rounds},
              {"accepted", guided.accepted},
              {"rows", guided.guided_rows},
              {"points", guided.points},
              {"reached_by_first_run", guided.reached_before},
              {"reached", guided.reached_after}}},
            {"sources", runs}};
}

std::string coverage_lines(const CrosscheckResult& result) {
    const Coverage& coverage = result.coverage;
    if (!coverage.is_measured) {
        return {};
    }
    std::string text =
        fmt::format("coverage: {}/{} lines and branches, {}/{} toggle bits", coverage.lines_hit,
                    coverage.lines, coverage.toggles_hit, coverage.toggle_bits);
    for (const FsmCoverage& fsm : coverage.fsms) {
        text += fmt::format(", {} {}/{} states", fsm.variable,
                            fsm.states.size() - fsm.unreached.size(), fsm.states.size());
    }
    text += '\n';
    if (!coverage.uncovered_lines.empty()) {
        std::vector<std::string> lines;
        for (std::size_t i = 0; i < coverage.uncovered_lines.size() && i < 10; ++i) {
            const UncoveredLine& line = coverage.uncovered_lines[i];
            lines.push_back(fmt::format("{}:{} ({})", line.file, line.line, line.kind));
        }
        text += fmt::format("  never reached: {}{}\n", fmt::join(lines, ", "),
                            coverage.uncovered_lines.size() > 10 ? ", ..." : "");
    }
    for (const FsmCoverage& fsm : coverage.fsms) {
        if (!fsm.unreached.empty()) {
            text += fmt::format("  states of {} never reached: {}\n", fsm.variable,
                                fmt::join(fsm.unreached, ", "));
        }
    }
    if (result.synthesis) {
        text += result.synthesis->is_clean()
                    ? "synthesis (yosys): clean\n"
                    : "synthesis (yosys): " + hdl::synthesis_feedback(*result.synthesis);
    }
    const GuidedReport& guided = result.guided;
    if (guided.has_run) {
        text += fmt::format(
            "guided stimulus: {} of {} rounds kept, {} rows, coverage points {} -> "
            "{} of {}\n",
            guided.accepted, guided.rounds, guided.guided_rows, guided.reached_before,
            guided.reached_after, guided.points);
    }
    return text;
}

json confirmation_json(const Confirmation& confirmation) {
    json backends = json::array();
    for (const BackendVerdict& side : confirmation.backends) {
        backends.push_back(backend_json(side));
    }
    return {{"mode", to_string(confirmation.mode)},
            {"status", to_string(confirmation.status)},
            {"decided_by", to_string(confirmation.decided_by)},
            {"difference",
             confirmation.difference.empty() ? json(nullptr) : json(confirmation.difference)},
            {"why", confirmation.why},
            {"backends", backends}};
}

std::string confirmation_line(const Confirmation& confirmation) {
    if (confirmation.mode == ConfirmMode::None) {
        return {};
    }
    return fmt::format("confirmation: {} ({}; decided by {})\n", to_string(confirmation.status),
                       confirmation.why, to_string(confirmation.decided_by));
}

}  // namespace rtlduet::sim::detail
