// flow/run_outputs.cpp: the files of a run's output directory (docs/outputs.md) and the
// sentences that explain its verdict.
#include "flow/detail/run_outputs.h"

#include <fmt/format.h>

#include "sim/confirm.h"
#include "util/files.h"

namespace rtlduet::flow::detail {
namespace {

// Shell words that need no quoting stay bare, so the command reads as typed.
std::string shell_word(const std::string& word) {
    if (!word.empty() &&
        word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                               "_./:=+-,@%") == std::string::npos) {
        return word;
    }
    std::string quoted = "'";
    for (const char c : word) {
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return quoted + "'";
}

template <typename Candidate>
util::Status save_code(const std::filesystem::path& out_dir, int turn, const char* stem,
                       const char* extension, const std::vector<Candidate>& candidates,
                       std::vector<CandidateRecord>& records) {
    for (const Candidate& candidate : candidates) {
        if (candidate.code.empty()) {
            continue;
        }
        const std::string file =
            fmt::format("turns/{}/{}-{}.{}", turn, stem, candidate.slot, extension);
        if (auto written = util::write_file_atomic(out_dir / file, candidate.code); !written) {
            return written;
        }
        for (CandidateRecord& record : records) {
            if (record.slot == candidate.slot) {
                record.file = file;
            }
        }
    }
    return {};
}

std::string first_line(const std::string& text) {
    return text.substr(0, text.find('\n'));
}

std::string mismatch_words(const sim::Comparison& comparison) {
    if (comparison.mismatches.empty()) {
        return comparison.exercise.vacuity.empty()
                   ? std::string()
                   : fmt::format("; vacuous: {}", fmt::join(comparison.exercise.vacuity, "; "));
    }
    const sim::Mismatch& first = comparison.mismatches.front();
    return fmt::format("; first mismatch at row {}: {} is {} in the design, {} in the model",
                       first.row, first.signal, first.rtl, first.model);
}

// The per-turn files the report names, read back for report.html (save_turn_code wrote them).
CodeFiles saved_code(const std::filesystem::path& out_dir, const RunReport& report) {
    CodeFiles code;
    for (const TurnRecord& turn : report.turns) {
        for (const auto* records : {&turn.rtl, &turn.models}) {
            for (const CandidateRecord& record : *records) {
                if (record.file.empty()) {
                    continue;
                }
                if (auto text = util::read_file(out_dir / record.file)) {
                    code.emplace(record.file, std::move(*text));
                }
            }
        }
    }
    return code;
}

}  // namespace

void clear_previous_run(const std::filesystem::path& out_dir) {
    std::error_code ec;
    std::filesystem::remove(out_dir / "transcript.jsonl", ec);
    std::filesystem::remove(out_dir / kWaveform, ec);
    std::filesystem::remove_all(out_dir / "turns", ec);
}

util::Status save_turn_code(const std::filesystem::path& out_dir,
                            const std::vector<RtlCandidate>& rtl,
                            const std::vector<ModelCandidate>& models, TurnRecord& record) {
    if (auto saved = save_code(out_dir, record.turn, "rtl", "sv", rtl, record.rtl); !saved) {
        return saved;
    }
    return save_code(out_dir, record.turn, "model", "py", models, record.models);
}

util::Status write_run_outputs(const std::filesystem::path& out_dir, const RunReport& report,
                               const std::string* rtl_code, const std::string* model_code) {
    if (rtl_code != nullptr && model_code != nullptr) {
        for (const auto& [file, code] : {std::pair{report.final_design, rtl_code},
                                         std::pair{std::string(kFinalModel), model_code}}) {
            if (auto written = util::write_file_atomic(out_dir / file, *code); !written) {
                return written;
            }
        }
    } else {
        // A failed run must not leave an earlier run's pair next to its report.
        std::error_code ec;
        for (const std::string& file :
             {std::string("TopModule.sv"), report.top_name + ".sv", std::string(kFinalModel)}) {
            std::filesystem::remove(out_dir / file, ec);
        }
    }
    if (auto written = util::write_file_atomic(out_dir / "report.json", render_report(report));
        !written) {
        return written;
    }
    return util::write_file_atomic(out_dir / "report.html",
                                   render_report_html(report, saved_code(out_dir, report)));
}

PairRecord record_of(const PairCheck& pair, int turn) {
    const sim::Comparison& comparison = pair.comparison;
    return {.turn = turn,
            .rtl_slot = pair.rtl,
            .model_slot = pair.model,
            .verdict = std::string(sim::to_string(pair.verdict)),
            .match_rate = pair.match_rate,
            .compared_rows = comparison.compared_rows,
            .matching_rows = comparison.matching_rows,
            .mismatching_rows = comparison.mismatching_rows,
            .mismatching_values = comparison.mismatching_values,
            .is_vacuous = pair.is_vacuous,
            .is_unchecked = pair.is_unchecked};
}

RunConfig run_config(const FlowOptions& options, const AgentPair& agents) {
    return {.candidates = options.candidates,
            .turns = options.turns,
            .pairing = options.pairing == Pairing::All ? "all" : "matched",
            .prompt_set = agents.prompts.name,
            .seed = options.seed,
            .vectors = options.sim.stimulus.count,
            .simulator = std::string(sim::to_string(options.sim.backend)),
            .confirm = std::string(sim::to_string(options.sim.confirm)),
            .require_synth = options.sim.require_synthesis,
            .guided = options.sim.guided};
}

std::string reproduce_command(const std::filesystem::path& out_dir, const std::string& design_file,
                              const std::string& top, const FlowOptions& options, bool was_guided) {
    std::vector<std::string> words = {
        "rtlduet", "crosscheck", "--rtl", shell_word((out_dir / design_file).string()), "--top",
        shell_word(top), "--model", shell_word((out_dir / kFinalModel).string()), "--seed",
        std::to_string(options.seed), "--vectors", std::to_string(options.sim.stimulus.count),
        "--sim", std::string(sim::to_string(options.sim.backend)), "--confirm",
        std::string(sim::to_string(options.sim.confirm)),
        // the pair's own rows: the guided check's, or the run's uniform ones
        "--guided", was_guided ? "on" : "off"};
    if (options.sim.require_synthesis) {
        words.emplace_back("--require-synth");
    }
    for (const hdl::Parameter& parameter : options.parameters) {
        words.insert(words.end(), {"--param", shell_word(parameter.name + "=" + parameter.value)});
    }
    if (!options.interface_file.empty()) {
        words.insert(words.end(), {"--interface", shell_word(options.interface_file.string())});
    }
    if (options.hints.clock) {
        words.insert(words.end(), {"--clock", shell_word(*options.hints.clock)});
    }
    if (options.hints.reset) {
        const auto& low = options.hints.reset_active_low;
        words.insert(words.end(), {"--reset", shell_word(*options.hints.reset +
                                                         (low ? (*low ? ":low" : ":high") : ""))});
    }
    return fmt::format("{}", fmt::join(words, " "));
}

std::string verdict_reason(const RunReport& report, const std::optional<PairCheck>& best,
                           const std::string& no_pair, const std::optional<util::Error>& failure) {
    if (failure) {
        const int turn = report.turns.empty() ? 0 : report.turns.back().turn;
        return turn > 0 ? fmt::format("turn {}: {}", turn, first_line(failure->what()))
                        : first_line(failure->what());
    }
    if (!best) {
        return no_pair.empty() ? "no pair could be compared"
                               : "no pair could be compared: " + first_line(no_pair);
    }
    const PairRecord& pair = report.best->pair;
    if (best->is_agreement()) {
        return fmt::format("turn {}: rtl slot {} and model slot {} agree on all {} compared rows{}",
                           pair.turn, pair.rtl_slot, pair.model_slot, pair.compared_rows,
                           best->confirmed ? " (" + best->confirmed->confirmation.why + ")" : "");
    }
    if (best->confirmed) {
        return fmt::format(
            "no pair agreed in {} turns; the best, from turn {}, rtl slot {}, model slot {}, "
            "agrees on all {} compared rows but {}",
            report.turns.size(), pair.turn, pair.rtl_slot, pair.model_slot, pair.compared_rows,
            first_line(best->reason));
    }
    return fmt::format(
        "no pair agreed in {} turns; best match rate {:.4f} ({} of {} rows) from turn {}, rtl "
        "slot {}, model slot {}{}",
        report.turns.size(), pair.match_rate, pair.matching_rows, pair.compared_rows, pair.turn,
        pair.rtl_slot, pair.model_slot, mismatch_words(best->comparison));
}

}  // namespace rtlduet::flow::detail
