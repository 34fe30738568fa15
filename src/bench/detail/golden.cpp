// bench/detail/golden.cpp: the golden run of a problem. Icarus with the official testbench
// first; on a testbench-side declaration-order failure (Icarus >= 12) the compatibility copy;
// on any other compile failure of the golden design Verilator (for RTLLM, whose testbenches
// were written for VCS, also when it compiles but fails); else the problem is skipped with
// the first error of each simulator as the reason, never silently.
#include "bench/detail/golden.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "util/files.h"
#include "util/hash.h"

namespace rtlduet::bench::detail {
namespace fs = std::filesystem;
namespace {

// Bumped when the learning rules change, so older cache entries stop matching.
constexpr std::string_view kPlanRules = "golden-plan-v4";

ProblemPlan skipped(std::string reason) {
    return ProblemPlan{.skip_reason = std::move(reason)};
}

std::string failure_summary(const ProblemTexts& texts, const SimRun& run) {
    return judge_for(texts.format, run, 0).reason;
}

// The N a pass must print again ("Mismatches: 0 in N samples"); 0 where the rule has none.
std::uint64_t golden_samples_of(const ProblemTexts& texts, const SimRun& run) {
    const std::vector<MismatchLine> lines = find_mismatch_lines(run.sim_log);
    return texts.format == SuiteFormat::Rtllm || lines.empty() ? 0 : lines.front().samples;
}

BuildInputs build_inputs(const ProblemTexts& texts, bool compat_testbench) {
    return {.sources = work_sources(texts, compat_testbench), .top = texts.tb_top};
}

// Keeps the first failure that says nothing lasting about the problem.
void note_transient(std::string& transient, std::string_view simulator, const SimRun& run) {
    const std::string cause = passing_failure(run);
    if (transient.empty() && !cause.empty()) {
        transient = fmt::format("{}: {}", simulator, cause);
    }
}

// Icarus part of the learning; nullopt when Verilator should be tried next.
util::Result<std::optional<ProblemPlan>> try_icarus(const util::Sandbox& sandbox,
                                                    const Toolchain& tools,
                                                    const ProblemTexts& texts, const fs::path& dir,
                                                    const FlowSettings& settings,
                                                    std::string& why_not, std::string& transient) {
    auto run = run_icarus(sandbox, dir, build_inputs(texts, false), settings);
    if (!run) {
        return run.error();
    }
    if (judge_for(texts.format, *run, 0).verdict == Verdict::Pass) {
        return std::optional<ProblemPlan>(ProblemPlan{
            .golden_samples = golden_samples_of(texts, *run), .golden_wall = run->sim_wall});
    }
    note_transient(transient, "iverilog", *run);
    why_not = fmt::format("iverilog {}: {}", tools.iverilog, failure_summary(texts, *run));
    if (run->compiled && texts.format != SuiteFormat::Rtllm) {
        return std::optional<ProblemPlan>(
            skipped("the golden reference fails its own testbench under " + why_not));
    }
    const HarnessFault fault = classify_harness_failure(run->compile_log, "test.sv");
    if (fault != HarnessFault::Other && texts.compat_test) {
        auto compat = run_icarus(sandbox, dir, build_inputs(texts, true), settings);
        if (!compat) {
            return compat.error();
        }
        note_transient(transient, "iverilog", *compat);
        if (judge_for(texts.format, *compat, 0).verdict == Verdict::Pass) {
            return std::optional<ProblemPlan>(ProblemPlan{
                .compat_testbench = true,
                .golden_samples = golden_samples_of(texts, *compat),
                .golden_wall = compat->sim_wall,
                .note = fmt::format("scored with a compatibility copy of the testbench ({}); "
                                    "iverilog {} on the original: {}",
                                    texts.compat_note, tools.iverilog,
                                    first_error_line(run->compile_log))});
        }
    }
    return std::optional<ProblemPlan>();
}

// The plan found by the simulators, before the problem's own notes are added.
util::Result<ProblemPlan> learn_from_runs(const util::Sandbox& sandbox, const Toolchain& tools,
                                          const ProblemTexts& texts,
                                          const ProblemOverride& overrides, const fs::path& dir,
                                          const FlowSettings& settings, std::string& transient) {
    std::string why_not_icarus = "forced to verilator by suite.json";
    if (overrides.simulator != Simulator::Verilator) {
        auto icarus = try_icarus(sandbox, tools, texts, dir, settings, why_not_icarus, transient);
        if (!icarus) {
            return icarus.error();
        }
        if (*icarus) {
            return **icarus;
        }
        if (overrides.simulator == Simulator::Icarus) {
            return skipped("the golden reference fails its own testbench under " + why_not_icarus);
        }
    }
    if (tools.verilator.empty()) {
        return skipped(why_not_icarus + "; verilator, the fallback, is not installed");
    }
    auto run = run_verilator(sandbox, dir, build_inputs(texts, false), settings);
    if (!run) {
        return run.error();
    }
    if (judge_for(texts.format, *run, 0).verdict != Verdict::Pass) {
        note_transient(transient, "verilator", *run);
        return skipped(
            fmt::format("the golden reference fails its own testbench under {} and "
                        "under verilator {}: {}",
                        why_not_icarus, tools.verilator, failure_summary(texts, *run)));
    }
    return ProblemPlan{.simulator = Simulator::Verilator,
                       .golden_samples = golden_samples_of(texts, *run),
                       .golden_wall = run->sim_wall,
                       .note = "decided by verilator; " + why_not_icarus};
}

std::string joined(std::string_view first, std::string_view second) {
    return first.empty()    ? std::string(second)
           : second.empty() ? std::string(first)
                            : fmt::format("{}; {}", first, second);
}

}  // namespace

util::Result<ProblemPlan> learn_plan(const util::Sandbox& sandbox, const Toolchain& tools,
                                     const ProblemTexts& texts, const ProblemOverride& overrides,
                                     const fs::path& dir, const FlowSettings& settings) {
    if (overrides.skip_reason) {
        return skipped(*overrides.skip_reason);
    }
    if (texts.unusable_reason) {
        return skipped(*texts.unusable_reason);
    }
    if (auto written = write_work_files(dir, texts, texts.golden); !written) {
        return written.error();
    }
    std::string transient;
    auto plan = learn_from_runs(sandbox, tools, texts, overrides, dir, settings, transient);
    if (plan) {
        plan->transient_failure = transient;
    }
    if (plan && plan->skip_reason && !overrides.note.empty()) {
        plan->skip_reason = joined(overrides.note, *plan->skip_reason);
    } else if (plan) {
        plan->note = joined(joined(overrides.note, texts.note), plan->note);
    }
    return plan;
}

std::string plan_cache_key(const ProblemTexts& texts, const ProblemOverride& overrides,
                           const Toolchain& tools) {
    util::Sha256 hash;
    hash.field(kPlanRules).field(to_string(texts.format)).field(texts.top).field(texts.tb_top);
    hash.field(texts.test).field(texts.ref).field(texts.defines).field(texts.golden);
    hash.field(texts.compat_test.value_or(""));
    hash.field(texts.note).field(texts.unusable_reason.value_or(""));
    for (const fs::path& data : texts.data_files) {
        auto contents = util::read_file(data);
        hash.field(data.filename().string()).field(contents ? *contents : "");
    }
    hash.field(overrides.note)
        .field(overrides.skip_reason.value_or(""))
        .field(overrides.simulator ? to_string(*overrides.simulator) : "");
    hash.field(tools.iverilog).field(tools.verilator);
    return hash.hex_digest();
}

std::optional<ProblemPlan> load_cached_plan(const fs::path& cache_dir, const std::string& key) {
    auto text = util::read_file(cache_dir / "golden" / (key + ".json"), util::ErrorKind::Io);
    if (!text) {
        return std::nullopt;
    }
    const nlohmann::json json = nlohmann::json::parse(*text, nullptr, false);
    if (json.is_discarded() || !json.is_object()) {
        return std::nullopt;
    }
    ProblemPlan plan{.simulator = json.value("simulator", "") == "verilator" ? Simulator::Verilator
                                                                             : Simulator::Icarus,
                     .compat_testbench = json.value("compat_testbench", false),
                     .golden_samples = json.value("golden_samples", std::uint64_t{0}),
                     .golden_wall = std::chrono::milliseconds(json.value("golden_wall_ms", 0L)),
                     .note = json.value("note", "")};
    if (json.contains("skip_reason") && json["skip_reason"].is_string()) {
        plan.skip_reason = json["skip_reason"].get<std::string>();
    }
    return plan;
}

util::Status store_cached_plan(const fs::path& cache_dir, const std::string& key,
                               const ProblemPlan& plan) {
    nlohmann::json json = {{"simulator", to_string(plan.simulator)},
                           {"compat_testbench", plan.compat_testbench},
                           {"golden_samples", plan.golden_samples},
                           {"golden_wall_ms", plan.golden_wall.count()},
                           {"note", plan.note}};
    if (plan.skip_reason) {
        json["skip_reason"] = *plan.skip_reason;
    }
    if (auto made = util::make_directories(cache_dir / "golden"); !made) {
        return made.error();
    }
    return util::write_file_atomic(cache_dir / "golden" / (key + ".json"), json.dump(2) + "\n");
}

}  // namespace rtlduet::bench::detail
