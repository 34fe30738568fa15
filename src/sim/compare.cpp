// sim/compare.cpp: compares a design's trace with a model's, sample by sample, and measures
// what the run exercised. Samples taken before the design's state is defined (before the
// first reset edge, and until every output is known) are counted but never compared.
#include <bit>
#include <stdexcept>

#include <fmt/format.h>

#include "sim/crosscheck.h"
#include "sim/waveform.h"

namespace rtlduet::sim {
namespace {

struct Sample {
    std::size_t row = 0;
    Phase phase = Phase::PostEdge;
    const std::vector<hdl::Bits>* values = nullptr;
};

std::vector<Sample> flatten(const Trace& trace) {
    std::vector<Sample> samples;
    for (std::size_t row = 0; row < trace.post.size(); ++row) {
        if (row < trace.pre.size()) {
            samples.push_back({row, Phase::PreEdge, &trace.pre[row]});
        }
        samples.push_back({row, Phase::PostEdge, &trace.post[row]});
    }
    return samples;
}

bool is_asserted(const hdl::Bits& value, bool is_active_low) {
    return is_active_low ? !value.has_set_bit() : value.has_set_bit();
}

// Per row: the reset input asserted. Empty when the design has no reset.
std::vector<bool> reset_flags(const hdl::Interface& ifc, const stimulus::VectorSet& vectors) {
    if (ifc.reset) {
        for (std::size_t column = 0; column < vectors.inputs.size(); ++column) {
            if (vectors.inputs[column].name != ifc.reset->name) {
                continue;
            }
            std::vector<bool> flags;
            for (const auto& row : vectors.rows) {
                flags.push_back(is_asserted(row[column], ifc.reset->is_active_low));
            }
            return flags;
        }
    }
    return vectors.reset_rows.size() == vectors.rows.size() ? vectors.reset_rows
                                                            : std::vector<bool>{};
}

bool is_all_known(const std::vector<hdl::Bits>& values) {
    for (const hdl::Bits& value : values) {
        if (value.has_unknown()) {
            return false;
        }
    }
    return true;
}

// Index of the first compared sample (the power-up rule, docs/crosscheck.md). Sequential
// designs have no defined state before the post-edge sample of the first reset row; from there
// (or from row 0 without a reset) the first sample with every output known starts the
// comparison, but no later than `grace_rows` rows on: an output still unknown then is a
// mismatch, and one that stays unknown for the whole run is never agreement.
std::size_t first_defined_sample(const hdl::Interface& ifc, const std::vector<Sample>& samples,
                                 const std::vector<bool>& resets, std::size_t grace_rows) {
    if (!ifc.is_sequential()) {
        return 0;
    }
    std::size_t floor = 0;
    for (std::size_t row = 0; row < resets.size(); ++row) {
        if (resets[row]) {
            while (floor < samples.size() &&
                   (samples[floor].row < row || samples[floor].phase != Phase::PostEdge)) {
                ++floor;
            }
            break;
        }
    }
    const std::size_t last_row = floor < samples.size() ? samples[floor].row + grace_rows : 0;
    for (std::size_t s = floor; s < samples.size(); ++s) {
        if (samples[s].row > last_row) {
            return s;
        }
        if (is_all_known(*samples[s].values)) {
            return s;
        }
    }
    return floor;
}

void add_reset_stats(const std::vector<bool>& resets, Exercise& exercise) {
    exercise.has_reset = !resets.empty();
    bool was_asserted = false;
    bool was_released = false;
    for (const bool is_reset : resets) {
        exercise.reset_rows += is_reset ? 1 : 0;
        if (was_asserted && !is_reset) {
            exercise.reset_released = true;
            was_released = true;
        }
        if (was_released && is_reset) {
            exercise.reset_reasserted = true;
        }
        was_asserted |= is_reset;
    }
}

// Word at a time: a 100 000-row trace of a wide output has tens of millions of bits.
void add_output_stats(const std::vector<hdl::Port>& outputs, const std::vector<Sample>& samples,
                      std::size_t first, Exercise& exercise) {
    for (std::size_t s = 0; s < first; ++s) {
        for (const hdl::Bits& value : *samples[s].values) {
            exercise.x_bits_before_defined += static_cast<std::uint64_t>(value.unknown_count());
        }
    }
    for (std::size_t i = 0; i < outputs.size(); ++i) {
        OutputExercise stats{.name = outputs[i].name, .width = outputs[i].width};
        std::vector<std::uint64_t> changed(static_cast<std::size_t>((outputs[i].width + 63) / 64));
        const hdl::Bits* previous = nullptr;
        for (std::size_t s = first; s < samples.size(); ++s) {
            const hdl::Bits& value = (*samples[s].values)[i];
            stats.x_bits += static_cast<std::uint64_t>(value.unknown_count());
            if (previous != nullptr) {
                const auto now = value.value_words();
                const auto before = previous->value_words();
                const auto now_unknown = value.unknown_words();
                const auto before_unknown = previous->unknown_words();
                for (std::size_t w = 0; w < changed.size() && w < now.size(); ++w) {
                    changed[w] |= (now[w] ^ before[w]) & ~(now_unknown[w] | before_unknown[w]);
                }
            }
            previous = &value;
        }
        for (const std::uint64_t word : changed) {
            stats.bits_toggled += std::popcount(word);
        }
        stats.toggled = stats.bits_toggled > 0;
        exercise.x_bits += stats.x_bits;
        exercise.outputs.push_back(std::move(stats));
    }
}

void judge_vacuity(const hdl::Interface& ifc, std::size_t compared_rows, Exercise& exercise) {
    if (compared_rows == 0) {
        exercise.vacuity.push_back("no row was compared");
    }
    if (exercise.has_reset && !exercise.reset_released) {
        exercise.vacuity.push_back(exercise.reset_rows == 0 ? "the reset was never asserted"
                                                            : "the reset was never released");
    }
    // Without driven inputs nothing can make a constant output move: that is not a
    // weakness of the stimulus.
    if (!ifc.driven_inputs().empty()) {
        for (const OutputExercise& output : exercise.outputs) {
            if (!output.toggled) {
                exercise.vacuity.push_back(fmt::format("output {} never toggled", output.name));
            }
        }
    }
    exercise.is_vacuous = !exercise.vacuity.empty();
}

std::vector<NamedValue> named(const std::vector<hdl::Port>& ports,
                              const std::vector<hdl::Bits>& values) {
    std::vector<NamedValue> result;
    for (std::size_t i = 0; i < ports.size() && i < values.size(); ++i) {
        result.push_back({ports[i].name, values[i].to_report()});
    }
    return result;
}

ContextRow context_row(const hdl::Interface& ifc, const stimulus::VectorSet& vectors,
                       const Trace& rtl, const Trace& model, std::size_t row) {
    const auto outputs = ifc.outputs();
    const auto side = [&](const std::vector<std::vector<hdl::Bits>>& values) {
        return row < values.size() ? named(outputs, values[row]) : std::vector<NamedValue>{};
    };
    return ContextRow{.row = row,
                      .inputs = named(vectors.inputs, vectors.rows[row]),
                      .rtl_pre = side(rtl.pre),
                      .rtl_post = side(rtl.post),
                      .model_pre = side(model.pre),
                      .model_post = side(model.post)};
}

// One mismatching value with the bits that differ, so a wide output need not be compared
// digit by digit. An unknown bit on either side counts as differing.
Mismatch mismatch_at(const Sample& sample, std::string signal, std::vector<NamedValue> inputs,
                     const hdl::Bits& rtl, const hdl::Bits& model) {
    Mismatch mismatch{.row = sample.row,
                      .phase = sample.phase,
                      .signal = std::move(signal),
                      .inputs = std::move(inputs),
                      .rtl = rtl.to_report(),
                      .model = model.to_report()};
    hdl::Bits difference(rtl.width());
    for (int bit = 0; bit < rtl.width(); ++bit) {
        const bool is_unknown =
            rtl.is_unknown(bit) || (bit < model.width() && model.is_unknown(bit));
        const bool differs = rtl.bit(bit) != (bit < model.width() && model.bit(bit));
        if (is_unknown) {
            difference.set_unknown(bit);
        } else {
            difference.set_bit(bit, differs);
        }
        if (is_unknown || differs) {
            mismatch.differing_bits.push_back(bit);
        }
    }
    mismatch.difference = difference.to_report();
    return mismatch;
}

// Compares every sample from `first` on (pre-edge ones only when the comparison has them)
// and fills the mismatch list and the row counts of `result`, and the marks of `waveform`
// when one is given.
void compare_samples(const std::vector<hdl::Port>& outputs, const stimulus::VectorSet& vectors,
                     const std::vector<Sample>& samples, std::size_t first, const Trace& model,
                     const CompareOptions& options, Comparison& result,
                     Waveform* waveform = nullptr) {
    std::vector<int> row_state(vectors.rows.size(), 0);  // 0 not compared, 1 match, 2 mismatch
    for (std::size_t s = first; s < samples.size(); ++s) {
        const Sample& sample = samples[s];
        const bool is_pre = sample.phase == Phase::PreEdge;
        if (is_pre && !result.compares_pre_edge) {
            continue;
        }
        const auto& expected = is_pre ? model.pre[sample.row] : model.post[sample.row];
        int& state = row_state[sample.row];
        state = std::max(state, 1);
        for (std::size_t i = 0; i < outputs.size(); ++i) {
            const hdl::Bits& actual = (*sample.values)[i];
            if (!actual.has_unknown() && actual == expected[i]) {
                continue;
            }
            state = 2;
            ++result.mismatching_values;
            if (waveform != nullptr) {
                auto& marks = is_pre ? waveform->pre_mismatch : waveform->post_mismatch;
                marks[sample.row][i] = true;
            }
            if (result.mismatches.size() < std::max<std::size_t>(options.max_mismatches, 1)) {
                result.mismatches.push_back(mismatch_at(
                    sample, outputs[i].name, named(vectors.inputs, vectors.rows[sample.row]),
                    actual, expected[i]));
            }
        }
    }
    for (const int state : row_state) {
        result.compared_rows += state != 0 ? 1 : 0;
        result.matching_rows += state == 1 ? 1 : 0;
        result.mismatching_rows += state == 2 ? 1 : 0;
    }
    result.match_rate = result.compared_rows == 0 ? 0.0
                                                  : static_cast<double>(result.matching_rows) /
                                                        static_cast<double>(result.compared_rows);
}

void check_lengths(const stimulus::VectorSet& vectors, const Trace& rtl, const Trace& model) {
    const std::size_t rows = vectors.rows.size();
    if (rtl.post.size() != rows || model.post.size() != rows ||
        (!model.pre.empty() && model.pre.size() != rows)) {
        throw std::invalid_argument("compare: traces and vectors differ in length");
    }
}

}  // namespace

Waveform make_waveform(const hdl::Interface& ifc, const stimulus::VectorSet& vectors,
                       const Trace& rtl, const Trace& model, const CompareOptions& options) {
    Waveform waveform{.interface = ifc, .vectors = vectors, .rtl = rtl};
    if (model.post.empty()) {
        return waveform;
    }
    check_lengths(vectors, rtl, model);
    waveform.model = model;
    const auto outputs = ifc.outputs();
    const std::vector<bool> none(outputs.size(), false);
    Comparison scratch{.compares_pre_edge = !model.pre.empty() && !rtl.pre.empty()};
    waveform.post_mismatch.assign(vectors.rows.size(), none);
    if (scratch.compares_pre_edge) {
        waveform.pre_mismatch.assign(vectors.rows.size(), none);
    }
    const auto samples = flatten(rtl);
    const std::size_t first =
        first_defined_sample(ifc, samples, reset_flags(ifc, vectors), options.x_grace_rows);
    compare_samples(outputs, vectors, samples, first, model, {.max_mismatches = 1}, scratch,
                    &waveform);
    return waveform;
}

Comparison compare(const hdl::Interface& ifc, const stimulus::VectorSet& vectors, const Trace& rtl,
                   const Trace& model, const CompareOptions& options) {
    check_lengths(vectors, rtl, model);
    const std::size_t rows = vectors.rows.size();
    const auto outputs = ifc.outputs();
    const auto samples = flatten(rtl);
    const auto resets = reset_flags(ifc, vectors);
    const std::size_t first = first_defined_sample(ifc, samples, resets, options.x_grace_rows);
    Comparison result{.compares_pre_edge = !model.pre.empty() && !rtl.pre.empty()};
    compare_samples(outputs, vectors, samples, first, model, options, result);
    if (!result.mismatches.empty()) {
        const std::size_t last = result.mismatches.front().row;
        const std::size_t from = last - std::min(last, options.context_rows);
        for (std::size_t row = from; row <= last; ++row) {
            result.context.push_back(context_row(ifc, vectors, rtl, model, row));
        }
    }
    Exercise& exercise = result.exercise;
    exercise.first_compared_row = first < samples.size() ? samples[first].row : rows;
    add_reset_stats(resets, exercise);
    add_output_stats(outputs, samples, first, exercise);
    judge_vacuity(ifc, result.compared_rows, exercise);
    return result;
}

}  // namespace rtlduet::sim
