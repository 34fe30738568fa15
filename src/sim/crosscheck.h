// sim/crosscheck.h: the whole cross-check behind one call: refuse forbidden constructs,
// simulate the design, run the reference model on the same rows, compare both traces and
// judge how much the run exercised. Verdicts are data; util::Error is the environment's fault.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hdl/interface.h"
#include "hdl/lint.h"
#include "hdl/synth.h"
#include "sim/coverage.h"
#include "sim/guided.h"
#include "sim/simulator.h"
#include "sim/trace.h"
#include "stimulus/vectors.h"
#include "util/error.h"
#include "util/sandbox.h"

namespace rtlduet::sim {

struct NamedValue {
    std::string name;
    std::string value;  // hdl::Bits::to_report(): "0x3f", "x" digits for unknown bits
    bool operator==(const NamedValue&) const = default;
};

struct Mismatch {
    std::size_t row = 0;
    Phase phase = Phase::PostEdge;
    std::string signal;
    std::vector<NamedValue> inputs;  // every driven input of that row
    std::string rtl;
    std::string model;
    std::string difference;           // rtl XOR model, "x" digits where either side is unknown
    std::vector<int> differing_bits;  // bit indices (0 = LSB) that differ or are unknown
};

/// One row around the first mismatch, for feedback text. `*_pre` are empty when that side
/// has no pre-edge sample.
struct ContextRow {
    std::size_t row = 0;
    std::vector<NamedValue> inputs;
    std::vector<NamedValue> rtl_pre;
    std::vector<NamedValue> rtl_post;
    std::vector<NamedValue> model_pre;
    std::vector<NamedValue> model_post;
};

struct OutputExercise {
    std::string name;
    int width = 1;
    bool toggled = false;      // some bit changed between compared RTL samples
    int bits_toggled = 0;      // how many of its bits changed at least once
    std::uint64_t x_bits = 0;  // unknown bits in compared RTL samples
};

struct Exercise {
    bool has_reset = false;
    std::size_t reset_rows = 0;     // rows with the reset asserted
    bool reset_released = false;    // a row without reset follows one with it
    bool reset_reasserted = false;  // asserted again after a release
    std::vector<OutputExercise> outputs;
    std::uint64_t x_bits = 0;  // unknown output bits in compared samples (all mismatches)
    /// Unknown bits in samples taken before the design's state was first defined (not
    /// compared): before the first reset edge and until every output is known.
    std::uint64_t x_bits_before_defined = 0;
    std::size_t first_compared_row = 0;
    bool is_vacuous = false;
    std::vector<std::string> vacuity;  // why: "output z never toggled", ...
};

struct Comparison {
    std::size_t compared_rows = 0;
    std::size_t matching_rows = 0;
    double match_rate = 0.0;  // matching rows / compared rows
    bool compares_pre_edge = false;
    std::size_t mismatching_rows = 0;
    std::size_t mismatching_values = 0;  // outputs at one phase of one row
    std::vector<Mismatch> mismatches;    // the first CompareOptions::max_mismatches
    std::vector<ContextRow> context;     // rows before the first mismatch, and its own
    Exercise exercise;
};

/// One pair's rows for a waveform (sim/waveform.h): both traces on the same rows, and per row
/// and output whether compare() found that value mismatching.
struct Waveform {
    hdl::Interface interface;
    stimulus::VectorSet vectors;
    Trace rtl;
    Trace model;  // empty when the model produced no trace
    /// [row][output]: compared and different. `pre_mismatch` is empty when pre-edge values
    /// are not compared; both are empty without a model.
    std::vector<std::vector<bool>> pre_mismatch;
    std::vector<std::vector<bool>> post_mismatch;
    bool has_model() const { return !model.post.empty(); }
};

struct CompareOptions {
    std::size_t max_mismatches = 10;  // listed in full (at least one is always kept)
    std::size_t context_rows = 3;
    /// The power-up rule: rows after the first reset edge (row 0 without a reset) in which an
    /// output may still be unknown before comparison starts anyway.
    std::size_t x_grace_rows = 32;
};

/// Compares the design's trace with the model's (docs/crosscheck.md: which samples count,
/// unknown bits, exercise statistics and vacuity).
Comparison compare(const hdl::Interface& ifc, const stimulus::VectorSet& vectors, const Trace& rtl,
                   const Trace& model, const CompareOptions& options = {});

/// SimulatorDependent: one simulator agrees and the other does not (sim/confirm.h).
/// Timeout: a stage (build, run or model) hit its deadline; it says nothing about the design.
enum class Verdict { Agree, Disagree, RtlError, ModelError, SimulatorDependent, Timeout };

std::string_view to_string(Verdict verdict);

/// The verdict of a comparison of two traces: agree needs no mismatching sample and a run
/// that was not vacuous; anything else is disagree.
Verdict judge(const Comparison& comparison);

// Confirmation on the second simulator (sim/confirm.h, docs/crosscheck.md).
enum class ConfirmMode { Other, None };

/// What one backend said about the pair.
struct BackendVerdict {
    Backend backend = Backend::Verilator;
    Verdict verdict = Verdict::RtlError;
    std::string reason;
    bool built = false;
    std::optional<RtlFailure> failure;
    double match_rate = 0.0;
    std::uint64_t x_bits = 0;  // unknown bits in compared samples
    std::optional<Mismatch> first_mismatch;
};

enum class ConfirmStatus {
    NotRun,              // --confirm none, or nothing to confirm (refused, model error)
    Confirmed,           // both backends agree
    SimulatorDependent,  // one backend agrees and the other does not
    Fallback,            // the primary cannot build it (its limitation): the other decided
    Unconfirmed,         // the other cannot build it (its limitation): the primary decided
    NotAgreeing,         // neither backend agrees: the primary's verdict stands
};

struct Confirmation {
    ConfirmMode mode = ConfirmMode::None;
    ConfirmStatus status = ConfirmStatus::NotRun;
    Backend decided_by = Backend::Verilator;
    /// For simulator_dependent: "builds_on_one", "x_on_one", "hangs_on_one", "fails_on_one"
    /// or "values_differ"; empty otherwise.
    std::string difference;
    std::string why;                       // one line
    std::vector<BackendVerdict> backends;  // the primary first; empty when not run
};

struct CrosscheckOptions {
    Backend backend = Backend::Verilator;     // the primary simulator
    ConfirmMode confirm = ConfirmMode::None;  // `crosscheck` and the flow default to Other
    std::filesystem::path templates_dir;      // rtlduet's testbenches/ directory
    std::filesystem::path python = "/usr/bin/python3";
    std::filesystem::path work_parent;  // where the work directory goes; empty: system temp
    bool keep_work = false;
    /// Keep the waveform of every pair that produced a trace (for a VCD); without it only a
    /// pair with a mismatch keeps one (its text drawing): copying 100 000 rows costs more
    /// than comparing them.
    bool keeps_waveform = false;
    std::filesystem::path cache_dir;  // SimulationOptions::cache_dir
    CompareOptions compare;
    /// Coverage-guided rows (sim/guided.h); they need a Verilator build with the build cache.
    GuidedOptions guided{.is_enabled = false};
    /// A run whose rows reached less than this share of the design's lines and branches is
    /// vacuous (coverage is measured wherever Verilator runs).
    double min_line_coverage = 0.5;
    /// The Yosys synthesis check (hdl/synth.h); with `require_synthesis` an issue is an
    /// rtl_error.
    bool check_synthesis = false;
    bool require_synthesis = false;
    std::chrono::milliseconds build_deadline{120'000};
    std::chrono::milliseconds run_deadline{0};    // 0: scaled_deadline(rows)
    std::chrono::milliseconds model_deadline{0};  // 0: scaled_deadline(rows)
    const std::atomic<bool>* cancel = nullptr;
};

struct CrosscheckRequest {
    hdl::Interface interface;  // already extracted (hdl::extract_interface)
    std::filesystem::path rtl;
    std::filesystem::path model;
    stimulus::VectorSet vectors;  // columns == interface.driven_inputs()
    CrosscheckOptions options;
};

struct CrosscheckResult {
    Verdict verdict = Verdict::RtlError;
    std::string reason;  // one line saying why
    hdl::Interface interface;
    std::string top_source;  // how the top was chosen: "option" (--top) or "design"
    Backend backend = Backend::Verilator;
    std::size_t vectors = 0;
    std::uint64_t seed = 0;
    Comparison comparison;  // filled when both sides produced a trace
    /// The deciding simulation's, when it produced a trace and the options keep it (or it
    /// mismatches).
    std::optional<Waveform> waveform;
    std::vector<hdl::Diagnostic> refused;  // forbidden constructs: nothing was simulated
    std::optional<RtlFailure> rtl_failure;
    std::optional<ModelError> model_error;
    Confirmation confirmation;
    Coverage coverage;  // of the rows run, when Verilator ran them
    GuidedReport guided;
    std::optional<hdl::SynthesisReport> synthesis;  // when the check ran
    std::vector<stimulus::RowSource> sources;       // per row run; empty: every row uniform
    std::string timeout_stage;       // "build", "run" or "model" when the verdict is Timeout
    std::filesystem::path work_dir;  // set when the work directory was kept
    std::chrono::milliseconds rtl_time{0};
    std::chrono::milliseconds model_time{0};
    /// Stage split for --json "timing_ms" (the model runs while the design builds and runs).
    std::chrono::milliseconds extract_time{0};  // set by the caller that extracted
    std::chrono::milliseconds build_time{0};
    std::chrono::milliseconds run_time{0};
    std::chrono::milliseconds compare_time{0};
    std::chrono::milliseconds confirm_time{0};  // the other backend's build and run
    std::chrono::milliseconds guided_time{0};   // coverage reading and the guided reruns
};

/// The rtl_error result for RTL that uses forbidden constructs (hdl::find_forbidden_constructs);
/// nullopt when `refused` is empty. crosscheck() applies it first; callers that must not hand
/// such RTL to any tool (interface extraction) apply it earlier too.
std::optional<CrosscheckResult> refuse(std::vector<hdl::Diagnostic> refused);

/// Runs the whole cross-check. Errors: unreadable RTL or model file (Input), a missing tool
/// (Tool), a work directory problem (Io), cancellation (Interrupted).
util::Result<CrosscheckResult> crosscheck(const util::Sandbox& sandbox,
                                          const CrosscheckRequest& request);

/// Cross-checks the designs of one turn against one model on the same vectors: the designs
/// go through simulate_batch (one Verilator build for all), the model runs once, alongside.
/// `request.rtl` is ignored; one result per file of `rtl_files`, in order.
util::Result<std::vector<CrosscheckResult>> crosscheck_batch(
    const util::Sandbox& sandbox, const CrosscheckRequest& request,
    const std::vector<std::filesystem::path>& rtl_files);

/// DESIGN.md's `crosscheck --json` object (verdict, match_rate, vectors, seed, interface,
/// mismatches) plus reason, simulator, exercise, vacuity, context and errors.
std::string to_json(const CrosscheckResult& result);

/// The pieces of that object, as JSON text, for reports that embed them (report.json).
std::string to_json(const Mismatch& mismatch);
std::string to_json(const Exercise& exercise);
std::string to_json(const std::vector<ContextRow>& context);
std::string to_json(const hdl::Interface& ifc);
std::string to_json(const Confirmation& confirmation);
std::string to_json(const std::optional<hdl::SynthesisReport>& synthesis);  // "null" when none
/// A whole cross-check in brief, for a report that embeds one it ran on its own rows (the
/// flow's guided check): verdict, reason, match rate, coverage and the rows' sources.
std::string check_summary_json(const CrosscheckResult& result);

/// Bit indices as ranges: "0-3, 7".
std::string bit_list(const std::vector<int>& bits);

/// A few lines for people: verdict, match rate, first mismatches, exercise, errors.
std::string summarize(const CrosscheckResult& result);

}  // namespace rtlduet::sim
