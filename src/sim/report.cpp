// sim/report.cpp: renders a cross-check result as the `crosscheck --json` object and as a
// short summary for people.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/crosscheck.h"
#include "sim/detail/verification_json.h"
#include "sim/waveform.h"

namespace rtlduet::sim {
namespace {

using nlohmann::json;

std::string_view phase_name(Phase phase) {
    return phase == Phase::PreEdge ? "pre_edge" : "post_edge";
}

json named_object(const std::vector<NamedValue>& values) {
    json object = json::object();
    for (const NamedValue& value : values) {
        object[value.name] = value.value;
    }
    return object;
}

json interface_json(const hdl::Interface& ifc) {
    static constexpr std::string_view kDirections[] = {"input", "output", "inout"};
    static constexpr std::string_view kTimings[] = {"unknown", "sync", "async"};
    json ports = json::array();
    for (const hdl::Port& port : ifc.ports) {
        ports.push_back({{"name", port.name},
                         {"direction", kDirections[static_cast<int>(port.direction)]},
                         {"width", port.width},
                         {"signed", port.is_signed}});
    }
    json parameters = json::array();
    for (const hdl::Parameter& parameter : ifc.parameters) {
        parameters.push_back({{"name", parameter.name},
                              {"value", parameter.value},
                              {"overridden", parameter.is_overridden}});
    }
    json out = {{"module", ifc.module_name},
                {"ports", ports},
                {"parameters", parameters},
                {"clock", ifc.clock ? json(*ifc.clock) : json(nullptr)},
                {"reset", nullptr}};
    if (ifc.reset) {
        out["reset"] = {{"name", ifc.reset->name},
                        {"active_low", ifc.reset->is_active_low},
                        {"timing", kTimings[static_cast<int>(ifc.reset->timing)]}};
    }
    return out;
}

json exercise_json(const Exercise& exercise) {
    json outputs = json::array();
    for (const OutputExercise& output : exercise.outputs) {
        outputs.push_back({{"name", output.name},
                           {"width", output.width},
                           {"toggled", output.toggled},
                           {"bits_toggled", output.bits_toggled},
                           {"x_bits", output.x_bits}});
    }
    return {{"reset",
             {{"present", exercise.has_reset},
              {"asserted_rows", exercise.reset_rows},
              {"released", exercise.reset_released},
              {"reasserted", exercise.reset_reasserted}}},
            {"outputs", outputs},
            {"x_bits", exercise.x_bits},
            {"x_bits_before_defined", exercise.x_bits_before_defined},
            {"first_compared_row", exercise.first_compared_row}};
}

json context_json(const std::vector<ContextRow>& rows) {
    json out = json::array();
    for (const ContextRow& row : rows) {
        out.push_back({{"row", row.row},
                       {"inputs", named_object(row.inputs)},
                       {"rtl_pre_edge", named_object(row.rtl_pre)},
                       {"rtl", named_object(row.rtl_post)},
                       {"model_pre_edge", named_object(row.model_pre)},
                       {"model", named_object(row.model_post)}});
    }
    return out;
}

json mismatch_json(const Mismatch& mismatch) {
    return {{"row", mismatch.row},        {"phase", phase_name(mismatch.phase)},
            {"signal", mismatch.signal},  {"inputs", named_object(mismatch.inputs)},
            {"rtl", mismatch.rtl},        {"model", mismatch.model},
            {"xor", mismatch.difference}, {"differing_bits", mismatch.differing_bits}};
}

json errors_json(const CrosscheckResult& result) {
    json errors = json::array();
    for (const hdl::Diagnostic& refused : result.refused) {
        errors.push_back({{"kind", "refused"},
                          {"file", refused.file},
                          {"line", refused.line},
                          {"message", refused.message}});
    }
    if (result.rtl_failure) {
        errors.push_back({{"kind", "rtl_error"},
                          {"stage", result.rtl_failure->stage},
                          {"message", result.rtl_failure->message},
                          {"log", result.rtl_failure->log}});
    }
    if (result.model_error) {
        const ModelError& error = *result.model_error;
        errors.push_back({{"kind", "model_error"},
                          {"error", to_string(error.kind)},
                          {"row", error.row ? json(*error.row) : json(nullptr)},
                          {"message", error.message},
                          {"traceback", error.traceback}});
    }
    return errors;
}

}  // namespace

std::string bit_list(const std::vector<int>& bits) {
    // Runs of consecutive bits as ranges: "0-3, 7, 12-15".
    std::vector<std::string> items;
    for (std::size_t i = 0; i < bits.size();) {
        std::size_t end = i;
        while (end + 1 < bits.size() && bits[end + 1] == bits[end] + 1) {
            ++end;
        }
        items.push_back(end == i ? fmt::format("{}", bits[i])
                                 : fmt::format("{}-{}", bits[i], bits[end]));
        i = end + 1;
    }
    return fmt::format("{}", fmt::join(items, ", "));
}

std::string to_json(const Mismatch& mismatch) {
    return mismatch_json(mismatch).dump();
}

std::string to_json(const Exercise& exercise) {
    return exercise_json(exercise).dump();
}

std::string to_json(const std::vector<ContextRow>& context) {
    return context_json(context).dump();
}

std::string to_json(const hdl::Interface& ifc) {
    return interface_json(ifc).dump();
}

std::string to_json(const Confirmation& confirmation) {
    return detail::confirmation_json(confirmation).dump();
}

std::string to_json(const std::optional<hdl::SynthesisReport>& synthesis) {
    return detail::synthesis_json(synthesis).dump();
}

std::string check_summary_json(const CrosscheckResult& result) {
    return json{{"verdict", to_string(result.verdict)},
                {"reason", result.reason},
                {"simulator", to_string(result.backend)},
                {"match_rate", result.comparison.match_rate},
                {"coverage", detail::coverage_json(result.coverage)},
                {"stimulus", detail::stimulus_json(result)}}
        .dump();
}

std::string to_json(const CrosscheckResult& result) {
    const Comparison& comparison = result.comparison;
    json mismatches = json::array();
    for (const Mismatch& mismatch : comparison.mismatches) {
        mismatches.push_back(mismatch_json(mismatch));
    }
    json out = {{"verdict", to_string(result.verdict)},
                {"reason", result.reason},
                {"match_rate", comparison.match_rate},
                {"vectors", result.vectors},
                {"seed", result.seed},
                {"simulator", to_string(result.backend)},
                {"top",
                 {{"name", result.interface.module_name},
                  {"source", result.top_source.empty() ? "design" : result.top_source}}},
                {"interface", interface_json(result.interface)},
                {"compared_rows", comparison.compared_rows},
                {"matching_rows", comparison.matching_rows},
                {"compares_pre_edge", comparison.compares_pre_edge},
                {"mismatching_rows", comparison.mismatching_rows},
                {"mismatching_values", comparison.mismatching_values},
                {"mismatches", mismatches},
                {"context", context_json(comparison.context)},
                {"exercise", exercise_json(comparison.exercise)},
                {"vacuous", comparison.exercise.is_vacuous},
                {"vacuity", comparison.exercise.vacuity},
                {"confirmation", detail::confirmation_json(result.confirmation)},
                {"coverage", detail::coverage_json(result.coverage)},
                {"stimulus", detail::stimulus_json(result)},
                {"synthesis", detail::synthesis_json(result.synthesis)},
                {"errors", errors_json(result)},
                {"timing_ms",
                 {{"extract", result.extract_time.count()},
                  {"build", result.build_time.count()},
                  {"run", result.run_time.count()},
                  {"model", result.model_time.count()},
                  {"compare", result.compare_time.count()},
                  {"confirm", result.confirm_time.count()},
                  {"guided", result.guided_time.count()}}}};
    if (!result.timeout_stage.empty()) {
        out["timeout_stage"] = result.timeout_stage;
    }
    if (!result.work_dir.empty()) {
        out["work_dir"] = result.work_dir.string();
    }
    return out.dump(2);
}

namespace {

// The first mismatching values, one line each; a wide value shows which bits differ instead
// of two long hex numbers (both are in --json).
std::string mismatch_lines(const Comparison& comparison) {
    constexpr std::size_t kListed = 5;
    constexpr std::size_t kWideDigits = 18;
    std::string text;
    for (std::size_t i = 0; i < comparison.mismatches.size() && i < kListed; ++i) {
        const Mismatch& mismatch = comparison.mismatches[i];
        std::vector<std::string> inputs;
        for (const NamedValue& input : mismatch.inputs) {
            inputs.push_back(input.name + "=" + input.value);
        }
        const std::string values =
            mismatch.rtl.size() > kWideDigits
                ? fmt::format("differs in {} {} (values in --json)",
                              mismatch.differing_bits.size() == 1 ? "bit" : "bits",
                              bit_list(mismatch.differing_bits))
                : fmt::format("rtl {} model {}", mismatch.rtl, mismatch.model);
        text += fmt::format("  row {} {}: {} {}  ({})\n", mismatch.row, phase_name(mismatch.phase),
                            mismatch.signal, values, fmt::join(inputs, " "));
    }
    if (comparison.mismatching_values > kListed) {
        text += fmt::format("  ... {} mismatching values in all\n", comparison.mismatching_values);
    }
    return text;
}

}  // namespace

std::string summarize(const CrosscheckResult& result) {
    const Comparison& comparison = result.comparison;
    std::string text = fmt::format("{}: {}\n", to_string(result.verdict), result.reason);
    text += fmt::format("{} vectors, seed {}, {}", result.vectors, result.seed,
                        to_string(result.backend));
    if (comparison.compared_rows > 0) {
        text += fmt::format(", match rate {:.4f} ({}/{} rows{})", comparison.match_rate,
                            comparison.matching_rows, comparison.compared_rows,
                            comparison.compares_pre_edge ? ", pre- and post-edge" : "");
    }
    text += '\n';
    text += mismatch_lines(comparison);
    if (result.waveform) {
        text += render_text_waveform(*result.waveform);
    }
    const Exercise& exercise = comparison.exercise;
    if (comparison.compared_rows > 0) {
        std::vector<std::string> quiet;
        for (const OutputExercise& output : exercise.outputs) {
            if (!output.toggled) {
                quiet.push_back(output.name);
            }
        }
        text += fmt::format(
            "exercise: reset {}; outputs that never toggled: {}; unknown bits: {} (before the "
            "state was defined: {})\n",
            !exercise.has_reset         ? "none"
            : exercise.reset_reasserted ? "released and re-asserted"
            : exercise.reset_released   ? "released"
                                        : "never released",
            quiet.empty() ? "none" : fmt::format("{}", fmt::join(quiet, ", ")), exercise.x_bits,
            exercise.x_bits_before_defined);
    }
    text += detail::coverage_lines(result);
    text += detail::confirmation_line(result.confirmation);
    for (const hdl::Diagnostic& refused : result.refused) {
        text += fmt::format("  {}:{}: {}\n", refused.file, refused.line, refused.message);
    }
    if (result.rtl_failure && !result.rtl_failure->log.empty()) {
        text += result.rtl_failure->log;
        text += result.rtl_failure->log.ends_with('\n') ? "" : "\n";
    }
    if (result.model_error && !result.model_error->traceback.empty()) {
        text += result.model_error->traceback;
        text += result.model_error->traceback.ends_with('\n') ? "" : "\n";
    }
    return text;
}

}  // namespace rtlduet::sim
