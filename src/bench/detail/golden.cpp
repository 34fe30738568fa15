// bench/detail/golden.cpp: the golden run of a problem. Icarus with the official testbench
// first; on a testbench-side declaration-order failure (Icarus >= 12) the compatibility copy;
// on any other compile failure of the golden design Verilator; else the problem is skipped
// with the first error of each simulator as the reason, never silently.
#include "bench/detail/golden.h"

#include <regex>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bench/detail/testbench_compat.h"
#include "util/files.h"
#include "util/hash.h"

namespace rtlduet::bench::detail {
namespace fs = std::filesystem;
namespace {

// Bumped when the learning rules change, so older cache entries stop matching.
constexpr std::string_view kPlanRules = "golden-plan-v1";

ProblemPlan skipped(std::string reason) {
    return ProblemPlan{.skip_reason = std::move(reason)};
}

std::string failure_summary(const SimRun& run, std::uint64_t golden_samples) {
    return judge(run, golden_samples).reason;
}

// Icarus part of the learning; nullopt when Verilator should be tried next.
util::Result<std::optional<ProblemPlan>> try_icarus(const util::Sandbox& sandbox,
                                                    const Toolchain& tools,
                                                    const ProblemTexts& texts, const fs::path& dir,
                                                    const FlowSettings& settings,
                                                    std::string& why_not) {
    auto run = run_icarus(sandbox, dir, "test.sv", settings);
    if (!run) {
        return run.error();
    }
    const Judgement judged = judge(*run, 0);
    if (judged.verdict == Verdict::Pass) {
        return std::optional<ProblemPlan>(
            ProblemPlan{.golden_samples = find_mismatch_lines(run->sim_log).front().samples});
    }
    why_not = fmt::format("iverilog {}: {}", tools.iverilog, failure_summary(*run, 0));
    if (run->compiled) {
        return std::optional<ProblemPlan>(
            skipped("the golden reference fails its own testbench under " + why_not));
    }
    if (classify_harness_failure(run->compile_log, "test.sv") == HarnessFault::DeclarationOrder &&
        texts.hoisted_test) {
        auto compat = run_icarus(sandbox, dir, "test_compat.sv", settings);
        if (!compat) {
            return compat.error();
        }
        if (judge(*compat, 0).verdict == Verdict::Pass) {
            return std::optional<ProblemPlan>(ProblemPlan{
                .hoisted_testbench = true,
                .golden_samples = find_mismatch_lines(compat->sim_log).front().samples,
                .note = "testbench declares tb_match/tb_mismatch after use; scored with the "
                        "compatibility copy (declarations hoisted)"});
        }
    }
    return std::optional<ProblemPlan>();
}

}  // namespace

util::Result<ProblemTexts> read_problem_texts(const Problem& problem) {
    auto test = util::read_file(problem.test);
    if (!test) {
        return test.error();
    }
    auto ref = util::read_file(problem.ref);
    if (!ref) {
        return ref.error();
    }
    auto hoisted = hoist_match_declarations(*test);
    return ProblemTexts{.test = std::move(*test), .ref = std::move(*ref), .hoisted_test = hoisted};
}

util::Status write_work_files(const fs::path& dir, const ProblemTexts& texts,
                              std::string_view candidate) {
    for (const auto& [name, text] :
         {std::pair<std::string_view, std::string_view>{"cand.sv", candidate},
          {"test.sv", texts.test},
          {"ref.sv", texts.ref}}) {
        if (auto written = util::write_file(dir / name, text); !written) {
            return written.error();
        }
    }
    if (texts.hoisted_test) {
        return util::write_file(dir / "test_compat.sv", *texts.hoisted_test);
    }
    return {};
}

std::string golden_candidate(std::string_view ref) {
    static const std::regex kRefModule(R"(\bRefModule\b)");
    return std::regex_replace(std::string(ref), kRefModule, "TopModule");
}

util::Result<ProblemPlan> learn_plan(const util::Sandbox& sandbox, const Toolchain& tools,
                                     const ProblemTexts& texts, const ProblemOverride& overrides,
                                     const fs::path& dir, const FlowSettings& settings) {
    if (overrides.skip_reason) {
        return skipped(*overrides.skip_reason);
    }
    if (auto written = write_work_files(dir, texts, golden_candidate(texts.ref)); !written) {
        return written.error();
    }
    std::string why_not_icarus = "forced to verilator by suite.json";
    if (overrides.simulator != Simulator::Verilator) {
        auto icarus = try_icarus(sandbox, tools, texts, dir, settings, why_not_icarus);
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
    auto run = run_verilator(sandbox, dir, settings);
    if (!run) {
        return run.error();
    }
    if (judge(*run, 0).verdict != Verdict::Pass) {
        return skipped(
            fmt::format("the golden reference fails its own testbench under {} and "
                        "under verilator {}: {}",
                        why_not_icarus, tools.verilator, failure_summary(*run, 0)));
    }
    return ProblemPlan{.simulator = Simulator::Verilator,
                       .golden_samples = find_mismatch_lines(run->sim_log).front().samples,
                       .note = "decided by verilator; " + why_not_icarus};
}

std::string plan_cache_key(const ProblemTexts& texts, const ProblemOverride& overrides,
                           const Toolchain& tools) {
    util::Sha256 hash;
    hash.field(kPlanRules).field(texts.test).field(texts.ref);
    hash.field(overrides.skip_reason.value_or(""))
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
                     .hoisted_testbench = json.value("hoisted_testbench", false),
                     .golden_samples = json.value("golden_samples", std::uint64_t{0}),
                     .note = json.value("note", "")};
    if (json.contains("skip_reason") && json["skip_reason"].is_string()) {
        plan.skip_reason = json["skip_reason"].get<std::string>();
    }
    return plan;
}

util::Status store_cached_plan(const fs::path& cache_dir, const std::string& key,
                               const ProblemPlan& plan) {
    nlohmann::json json = {{"simulator", to_string(plan.simulator)},
                           {"hoisted_testbench", plan.hoisted_testbench},
                           {"golden_samples", plan.golden_samples},
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
