// flow/feedback.cpp: feedback text for both styles.
#include "flow/detail/feedback.h"

#include <fmt/format.h>

#include "flow/detail/confirm_pairs.h"

namespace rtlduet::flow {
namespace {

std::string values(const std::vector<sim::NamedValue>& named) {
    std::vector<std::string> items;
    for (const sim::NamedValue& value : named) {
        items.push_back(value.name + "=" + value.value);
    }
    return fmt::format("{}", fmt::join(items, ", "));
}

const char* phase_text(sim::Phase phase) {
    return phase == sim::Phase::PreEdge ? "before the clock edge" : "after the clock edge";
}

std::string chipmate_style(const PairCheck& pair, AgentRole receiver,
                           const FeedbackLimits& limits) {
    std::string text;
    std::size_t shown = 0;
    for (const sim::Mismatch& mismatch : pair.comparison.mismatches) {
        if (shown++ == limits.mismatches) {
            break;
        }
        const bool is_rtl = receiver == AgentRole::Rtl;
        text += fmt::format("Test {}, signal '{}': got={}, exp={}\n", mismatch.row, mismatch.signal,
                            is_rtl ? mismatch.rtl : mismatch.model,
                            is_rtl ? mismatch.model : mismatch.rtl);
    }
    for (const std::string& why : pair.comparison.exercise.vacuity) {
        text += "Warning: " + why + "\n";
    }
    return text;
}

std::string context_rows(const sim::Comparison& comparison, std::size_t limit, bool is_rtl) {
    if (comparison.context.empty()) {
        return "";
    }
    const std::string mine = is_rtl ? "your design" : "your model";
    const std::string theirs = is_rtl ? "the model" : "the design";
    std::string text = "\nThe rows up to the first mismatch (outputs after the edge):\n";
    const std::size_t skip =
        comparison.context.size() > limit + 1 ? comparison.context.size() - limit - 1 : 0;
    for (std::size_t i = skip; i < comparison.context.size(); ++i) {
        const sim::ContextRow& row = comparison.context[i];
        text += fmt::format("- row {}: inputs {}; {} {}; {} {}\n", row.row, values(row.inputs),
                            mine, values(is_rtl ? row.rtl_post : row.model_post), theirs,
                            values(is_rtl ? row.model_post : row.rtl_post));
    }
    return text;
}

std::string table_style(const PairCheck& pair, AgentRole receiver, const FeedbackLimits& limits) {
    const sim::Comparison& comparison = pair.comparison;
    const bool is_rtl = receiver == AgentRole::Rtl;
    std::string text =
        fmt::format("Agreement: {} of {} compared rows ({:.1f}%).\n", comparison.matching_rows,
                    comparison.compared_rows, 100.0 * comparison.match_rate);
    if (!comparison.mismatches.empty()) {
        text += fmt::format(
            "First mismatches (hex values; x is an unknown bit in the design; "
            "the design's clock never appears in the inputs):\n");
    }
    std::size_t shown = 0;
    for (const sim::Mismatch& mismatch : comparison.mismatches) {
        if (shown++ == limits.mismatches) {
            break;
        }
        text += fmt::format(
            "- row {}, {}: output `{}` is {} in {} but {} in {}; inputs {}\n", mismatch.row,
            phase_text(mismatch.phase), mismatch.signal, is_rtl ? mismatch.rtl : mismatch.model,
            is_rtl ? "your design" : "your model", is_rtl ? mismatch.model : mismatch.rtl,
            is_rtl ? "the reference model" : "the Verilog design", values(mismatch.inputs));
    }
    if (comparison.mismatching_values > shown) {
        text += fmt::format("({} mismatching values in {} rows in all)\n",
                            comparison.mismatching_values, comparison.mismatching_rows);
    }
    text += context_rows(comparison, limits.context_rows, is_rtl);
    const sim::Exercise& exercise = comparison.exercise;
    if (exercise.x_bits > 0) {
        text += fmt::format(
            "\nThe design drove {} unknown (X) output bits; an unknown value never "
            "counts as a match.\n",
            exercise.x_bits);
    }
    if (!exercise.vacuity.empty()) {
        text += fmt::format("\nThe test exercised too little to count as an agreement: {}.\n",
                            fmt::join(exercise.vacuity, "; "));
    }
    return text;
}

}  // namespace

std::string render_feedback(const PairCheck& pair, AgentRole receiver, FeedbackStyle style,
                            const FeedbackLimits& limits) {
    const std::string text = style == FeedbackStyle::Chipmate
                                 ? chipmate_style(pair, receiver, limits)
                                 : table_style(pair, receiver, limits);
    return text + detail::confirmation_feedback(pair, receiver);
}

}  // namespace rtlduet::flow
