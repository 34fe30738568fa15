// sim/confirm.cpp: combines the verdicts of the two simulators on the same rows and model into
// one: agreement only when both agree, a tool limitation handed to the other backend, and
// every other difference a simulator_dependent verdict that says what differs.
#include "sim/confirm.h"

#include <fmt/format.h>

namespace rtlduet::sim {
namespace {

std::string first_log_line(const RtlFailure& failure) {
    const std::string& text = failure.log.empty() ? failure.message : failure.log;
    for (std::size_t start = 0; start < text.size();) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        const std::string line = text.substr(start, end - start);
        if (line.find("rror") != std::string::npos || line.find("sorry") != std::string::npos ||
            line.find("Unsupported") != std::string::npos) {
            return line;
        }
        start = end + 1;
    }
    return failure.message;
}

bool is_build_failure(const BackendVerdict& side) {
    return side.failure && side.failure->stage == "build";
}

// What the backend that does not agree shows (the other one agrees).
std::string difference_of(const BackendVerdict& side) {
    if (is_build_failure(side)) {
        return "builds_on_one";
    }
    if (side.failure) {
        return side.failure->message.find("timed out") != std::string::npos ? "hangs_on_one"
                                                                            : "fails_on_one";
    }
    return side.x_bits > 0 ? "x_on_one" : "values_differ";
}

std::string describe(const BackendVerdict& side) {
    const std::string name(to_string(side.backend));
    if (is_build_failure(side)) {
        return fmt::format("{} rejects it: {}", name, first_log_line(*side.failure));
    }
    if (side.failure) {
        return fmt::format("{}: {}", name, side.failure->message);
    }
    if (side.x_bits > 0 && side.first_mismatch) {
        return fmt::format("{} shows unknown (X) values: {} is {} at row {}", name,
                           side.first_mismatch->signal, side.first_mismatch->rtl,
                           side.first_mismatch->row);
    }
    return fmt::format("{} disagrees: {}", name, side.reason);
}

// The primary's result replaced by the other backend's, which decides.
void hand_over(CrosscheckResult& primary, const CrosscheckResult& other) {
    primary.verdict = other.verdict;
    primary.reason = other.reason;
    primary.comparison = other.comparison;
    primary.waveform = other.waveform;
    primary.rtl_failure = other.rtl_failure;
    primary.timeout_stage = other.timeout_stage;
    primary.backend = other.backend;
}

void judge_pair(CrosscheckResult& primary, const CrosscheckResult& other, Confirmation& c) {
    const BackendVerdict& p = c.backends[0];
    const BackendVerdict& o = c.backends[1];
    const bool p_agrees = p.verdict == Verdict::Agree;
    const bool o_agrees = o.verdict == Verdict::Agree;
    if (is_build_failure(p) && !is_build_failure(o) && is_tool_limitation(*p.failure)) {
        c.status = ConfirmStatus::Fallback;
        c.decided_by = o.backend;
        c.why = fmt::format("{} cannot build it ({}); {} decided", to_string(p.backend),
                            first_log_line(*p.failure), to_string(o.backend));
        hand_over(primary, other);
        primary.reason += fmt::format(" ({} decided: {} cannot build it)", to_string(o.backend),
                                      to_string(p.backend));
        return;
    }
    if (is_build_failure(o) && !is_build_failure(p) && is_tool_limitation(*o.failure)) {
        c.status = ConfirmStatus::Unconfirmed;
        c.why = fmt::format("{} cannot build it ({}); {} decided alone", to_string(o.backend),
                            first_log_line(*o.failure), to_string(p.backend));
        return;
    }
    if (p_agrees == o_agrees) {
        c.status = p_agrees ? ConfirmStatus::Confirmed : ConfirmStatus::NotAgreeing;
        c.why = p_agrees ? fmt::format("{} agrees too", to_string(o.backend))
                         : fmt::format("{} does not agree either", to_string(o.backend));
        if (!p_agrees && is_build_failure(p) && !is_build_failure(o)) {
            // The design builds only on the other backend, whose comparison says more.
            c.decided_by = o.backend;
            hand_over(primary, other);
        }
        return;
    }
    const BackendVerdict& failing = p_agrees ? o : p;
    const BackendVerdict& agreeing = p_agrees ? p : o;
    c.status = ConfirmStatus::SimulatorDependent;
    c.difference = difference_of(failing);
    c.why = fmt::format("{} agrees, {}", to_string(agreeing.backend), describe(failing));
    primary.verdict = Verdict::SimulatorDependent;
    primary.reason = "simulator-dependent, not an agreement: " + c.why;
}

}  // namespace

std::string_view to_string(ConfirmMode mode) {
    return mode == ConfirmMode::Other ? "other" : "none";
}

std::optional<ConfirmMode> parse_confirm_mode(std::string_view name) {
    if (name == "other") {
        return ConfirmMode::Other;
    }
    if (name == "none") {
        return ConfirmMode::None;
    }
    return std::nullopt;
}

std::string_view to_string(ConfirmStatus status) {
    switch (status) {
        case ConfirmStatus::NotRun:
            return "not_run";
        case ConfirmStatus::Confirmed:
            return "confirmed";
        case ConfirmStatus::SimulatorDependent:
            return "simulator_dependent";
        case ConfirmStatus::Fallback:
            return "fallback";
        case ConfirmStatus::Unconfirmed:
            return "unconfirmed";
        case ConfirmStatus::NotAgreeing:
            return "not_agreeing";
    }
    return "not_run";
}

Backend other_backend(Backend backend) {
    return backend == Backend::Icarus ? Backend::Verilator : Backend::Icarus;
}

bool is_tool_limitation(const RtlFailure& failure) {
    return failure.stage == "build" && (failure.log.find("Unsupported:") != std::string::npos ||
                                        failure.log.find("sorry:") != std::string::npos);
}

BackendVerdict backend_verdict(const CrosscheckResult& result) {
    BackendVerdict side{.backend = result.backend,
                        .verdict = result.verdict,
                        .reason = result.reason,
                        .built = !result.rtl_failure || result.rtl_failure->stage != "build",
                        .failure = result.rtl_failure,
                        .match_rate = result.comparison.match_rate,
                        .x_bits = result.comparison.exercise.x_bits};
    if (!result.comparison.mismatches.empty()) {
        side.first_mismatch = result.comparison.mismatches.front();
    }
    return side;
}

void apply_confirmation(CrosscheckResult& primary, const CrosscheckResult* other,
                        ConfirmMode mode) {
    Confirmation& c = primary.confirmation;
    c = Confirmation{.mode = mode, .decided_by = primary.backend};
    const bool has_nothing_to_confirm =
        !primary.refused.empty() || primary.verdict == Verdict::ModelError ||
        (primary.verdict == Verdict::Timeout && primary.timeout_stage == "model");
    if (mode == ConfirmMode::None || other == nullptr || has_nothing_to_confirm) {
        c.why = mode == ConfirmMode::None ? "confirmation is off (--confirm none)"
                : has_nothing_to_confirm  ? "nothing to confirm: " + primary.reason
                                          : "only agreeing pairs are confirmed";
        return;
    }
    c.backends = {backend_verdict(primary), backend_verdict(*other)};
    judge_pair(primary, *other, c);
}

std::string portability_advice(const Confirmation& confirmation) {
    if (confirmation.status != ConfirmStatus::SimulatorDependent) {
        return {};
    }
    const std::string& kind = confirmation.difference;
    std::string advice =
        "The design behaves differently on the two simulators (" + confirmation.why + "). ";
    if (kind == "builds_on_one") {
        return advice +
               "Write plain synthesizable SystemVerilog that both Verilator and Icarus Verilog "
               "compile: add explicit casts when assigning to enum-typed variables, do not mix "
               "blocking and non-blocking assignments to one variable.";
    }
    if (kind == "x_on_one") {
        return advice +
               "An output stays unknown (X) under 4-state simulation: give every register a "
               "reset value (or an initial value) and drive every output on every path.";
    }
    if (kind == "hangs_on_one") {
        return advice +
               "The simulation never finishes on one simulator: remove loops whose bound is not "
               "a constant and combinational feedback, even in logic that drives no output.";
    }
    return advice +
           "Avoid constructs whose meaning depends on the simulator: races between "
           "blocks, reads of unassigned variables, delays and initial blocks.";
}

}  // namespace rtlduet::sim
