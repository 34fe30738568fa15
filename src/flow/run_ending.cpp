// flow/run_ending.cpp: how a run ends: the best pair's final checks, its verdict and reason,
// and the output files (report.json, the final pair, the waveform), on every exit path.
#include "flow/detail/run_outputs.h"
#include "flow/detail/run_state.h"
#include "sim/confirm.h"
#include "sim/waveform.h"
#include "util/exit_code.h"

namespace rtlduet::flow::detail {
namespace {

// The best pair's waveform: the text of its first mismatch for the summary, and with
// --waveform its VCD.
util::Status write_waveform(RunState& state) {
    const auto ready = state.stimulus.peek();
    if (!state.best || !ready) {
        return {};
    }
    hdl::Interface ifc = ready->ifc;
    ifc.module_name = state.best->rtl_top;
    const sim::Waveform waveform =
        sim::make_waveform(ifc, ready->vectors, state.best->rtl_trace, state.best->model_trace);
    state.first_mismatch = sim::render_text_waveform(waveform);
    if (!state.options.write_waveform) {
        return {};
    }
    return sim::write_vcd(waveform, state.out_dir / kWaveform);
}

// What the other simulator said about the best pair (not run unless it agreed first).
sim::Confirmation confirmation_of(const RunState& state) {
    const PairCheck& pair = state.best->check;
    if (pair.confirmed) {
        return pair.confirmed->confirmation;
    }
    sim::CrosscheckResult unconfirmed{.verdict = pair.verdict,
                                      .backend = state.best->design.backend};
    sim::apply_confirmation(unconfirmed, nullptr, state.options.sim.confirm);
    return unconfirmed.confirmation;
}

}  // namespace

util::Status check_best_design(RunState& state) {
    const auto ready = state.stimulus.peek();
    if (!state.best || !ready) {
        return {};
    }
    auto checks = check_final_design(state.services.sandbox, state.options.sim,
                                             ready->vectors, state.best->design, state.best->check);
    if (!checks) {
        return checks.error();
    }
    state.report.final_compiles = std::move(checks->compiles);
    state.report.final_synthesis = std::move(checks->synthesis);
    return {};
}

util::Status write_outputs(RunState& state, const std::optional<util::Error>& failure) {
    RunReport& report = state.report;
    report.is_complete = !failure;
    std::optional<PairCheck> best;
    if (state.best) {
        best = state.best->check;
        const sim::Comparison& comparison = best->comparison;
        report.best =
            BestPairRecord{.pair = record_of(*best, state.best->turn),
                           .first_mismatch = comparison.mismatches.empty()
                                                 ? std::nullopt
                                                 : std::optional(comparison.mismatches.front()),
                           .context = comparison.context,
                           .exercise = comparison.exercise,
                           .confirmation = confirmation_of(state),
                           .guided_check = best->guided};
        report.verdict = best->is_agreement() ? "agreed" : "best-effort";
        report.top_name = state.best->rtl_top;
        report.final_design = state.best->rtl_top + ".sv";
        report.final_model = kFinalModel;
        report.final_waveform = state.options.write_waveform ? kWaveform : "";
        report.reproduce =
            reproduce_command(state.out_dir, report.final_design, state.best->rtl_top,
                                      state.options, best->guided.has_value());
    } else {
        report.verdict = "failed";
    }
    report.exit_code = failure                        ? util::exit_code_for(failure->kind)
                       : best && best->is_agreement() ? util::kExitOk
                                                      : util::kExitNegative;
    report.reason = verdict_reason(report, best, state.no_pair, failure);
    if (const auto ready = state.stimulus.peek()) {
        report.interface = ready->ifc;
        if (!report.top_name.empty()) {
            report.interface->module_name = report.top_name;
        }
        if (report.interface_source == "none") {
            report.interface_source = "candidate";
        }
    }
    if (auto written = write_run_outputs(state.out_dir, report,
                                                 state.best ? &state.best->rtl_code : nullptr,
                                                 state.best ? &state.best->model_code : nullptr);
        !written) {
        return written;
    }
    return write_waveform(state);
}

}  // namespace rtlduet::flow::detail
