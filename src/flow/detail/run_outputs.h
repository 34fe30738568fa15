// flow/detail/run_outputs.h: what a run leaves in its output directory besides the
// transcript: per-turn code, the final pair, report.json, and the words that explain a verdict.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "flow/detail/candidates.h"
#include "flow/detail/pairs.h"
#include "flow/detail/report.h"
#include "flow/run.h"
#include "util/error.h"

namespace rtlduet::flow::detail {

inline constexpr const char* kFinalModel = "model.py";
inline constexpr const char* kWaveform = "waveform.vcd";

/// Clears what an earlier run left that this one may not overwrite (turns/, the transcript,
/// the waveform).
void clear_previous_run(const std::filesystem::path& out_dir);

/// Saves every extracted candidate and model of a turn as turns/<turn>/rtl-<slot>.sv and
/// model-<slot>.py and notes the file in its record.
util::Status save_turn_code(const std::filesystem::path& out_dir,
                            const std::vector<RtlCandidate>& rtl,
                            const std::vector<ModelCandidate>& models, TurnRecord& record);

/// Writes the final pair as report.final_design and model.py (or removes a stale one when
/// there is none), report.json and report.html.
util::Status write_run_outputs(const std::filesystem::path& out_dir, const RunReport& report,
                               const std::string* rtl_code, const std::string* model_code);

PairRecord record_of(const PairCheck& pair, int turn);

/// report.json's `config`, but for the LLM settings.
RunConfig run_config(const FlowOptions& options, const AgentPair& agents);

/// The `rtlduet crosscheck` command that reruns the final pair (`design_file`, top module
/// `top`) on the rows it was judged on: the guided check's when it had one (`was_guided`),
/// else the run's uniform rows.
std::string reproduce_command(const std::filesystem::path& out_dir, const std::string& design_file,
                              const std::string& top, const FlowOptions& options, bool was_guided);

/// One line saying why the run ended as it did. `best` is the kept pair; `no_pair` says why
/// the last turn compared none (used when there is no best pair).
std::string verdict_reason(const RunReport& report, const std::optional<PairCheck>& best,
                           const std::string& no_pair, const std::optional<util::Error>& failure);

}  // namespace rtlduet::flow::detail
