// cli/shard_option.cpp: `--shard auto[/N]`. Slurm numbers array tasks by SLURM_ARRAY_TASK_ID
// over a range MIN-MAX:STEP (often 0-based, often 1-based); Kubernetes gives
// JOB_COMPLETION_INDEX from 0 and no count; GitLab gives CI_NODE_INDEX from 1 with
// CI_NODE_TOTAL. All become the 1-based I/N of bench::parse_shard.
#include "cli/shard_option.h"

#include <charconv>
#include <optional>

#include <fmt/format.h>

#include "cli/app.h"

namespace rtlduet::cli {
namespace {

util::Error usage(std::string message) {
    return util::make_error(util::ErrorKind::Usage, "--shard " + std::move(message));
}

// An integer variable of the environment; nullopt when unset, an error when not a number.
util::Result<std::optional<long>> number_from_env(const char* name) {
    const auto text = AppContext::env(name);
    if (!text) {
        return std::optional<long>();
    }
    long value = 0;
    const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (error != std::errc() || end != text->data() + text->size()) {
        return usage(fmt::format("auto: {}='{}' is not a number", name, *text));
    }
    return std::optional<long>(value);
}

struct SchedulerIndex {
    long index = 0;  // from 1
    std::optional<long> count;
    std::string source;
};

// `auto`: the task's place in the array (any range A-B:S); `auto/N` (ids_are_shards): the task
// ID is the shard number, so a task resubmitted alone (`sbatch --array=2`) keeps its shard.
util::Result<std::optional<SchedulerIndex>> from_slurm(bool ids_are_shards) {
    auto id = number_from_env("SLURM_ARRAY_TASK_ID");
    auto count = number_from_env("SLURM_ARRAY_TASK_COUNT");
    auto min = number_from_env("SLURM_ARRAY_TASK_MIN");
    auto step = number_from_env("SLURM_ARRAY_TASK_STEP");
    for (const auto* value : {&id, &count, &min, &step}) {
        if (!*value) {
            return value->error();
        }
    }
    if (!id->has_value()) {
        return std::optional<SchedulerIndex>();
    }
    if (ids_are_shards) {
        return std::optional<SchedulerIndex>(
            SchedulerIndex{.index = **id, .source = fmt::format("SLURM_ARRAY_TASK_ID={}", **id)});
    }
    const long first = min->value_or(1);
    const long stride = std::max(1L, step->value_or(1));
    if (**id < first || (**id - first) % stride != 0) {
        return usage(
            fmt::format("auto: SLURM_ARRAY_TASK_ID={} is not on the array's range "
                        "(from {} in steps of {}); use --array=A-B or A-B:S",
                        **id, first, stride));
    }
    return std::optional<SchedulerIndex>(SchedulerIndex{
        .index = (**id - first) / stride + 1,
        .count = *count,
        .source = fmt::format("SLURM_ARRAY_TASK_ID={} of an array from {}", **id, first)});
}

util::Result<std::optional<SchedulerIndex>> from_environment(bool is_count_given) {
    auto slurm = from_slurm(is_count_given);
    if (!slurm || slurm->has_value()) {
        return slurm;
    }
    auto kubernetes = number_from_env("JOB_COMPLETION_INDEX");
    if (!kubernetes) {
        return kubernetes.error();
    }
    if (kubernetes->has_value()) {
        return std::optional<SchedulerIndex>(
            SchedulerIndex{.index = **kubernetes + 1,
                           .source = fmt::format("JOB_COMPLETION_INDEX={}", **kubernetes)});
    }
    auto gitlab = number_from_env("CI_NODE_INDEX");
    auto total = number_from_env("CI_NODE_TOTAL");
    if (!gitlab || !total) {
        return !gitlab ? gitlab.error() : total.error();
    }
    if (gitlab->has_value()) {
        return std::optional<SchedulerIndex>(
            SchedulerIndex{.index = **gitlab,
                           .count = *total,
                           .source = fmt::format("CI_NODE_INDEX={}", **gitlab)});
    }
    return std::optional<SchedulerIndex>();
}

}  // namespace

util::Result<ResolvedShard> resolve_shard(std::string_view text) {
    if (text != "auto" && !text.starts_with("auto/")) {
        auto shard = bench::parse_shard(text);
        if (!shard) {
            return shard.error();
        }
        return ResolvedShard{.shard = *shard};
    }
    std::optional<long> given_count;
    if (text != "auto") {
        auto count = bench::parse_shard("1" + std::string(text.substr(4)));
        if (!count) {
            return usage(fmt::format("{}: expected auto or auto/N with N >= 1", text));
        }
        given_count = count->count;
    }
    auto found = from_environment(given_count.has_value());
    if (!found) {
        return found.error();
    }
    if (!found->has_value()) {
        return usage(fmt::format(
            "{}: no task index in the environment (SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX, "
            "CI_NODE_INDEX); outside a scheduler give I/N",
            text));
    }
    SchedulerIndex& index = **found;
    if (given_count && index.count && *given_count != *index.count) {
        return usage(
            fmt::format("{}: the scheduler says {} tasks ({})", text, *index.count, index.source));
    }
    const std::optional<long> count = given_count ? given_count : index.count;
    if (!count) {
        return usage(
            fmt::format("{}: {} gives the index but not the count: use --shard auto/N "
                        "with N the Job's completions",
                        text, index.source));
    }
    if (index.index < 1 || index.index > *count) {
        return usage(fmt::format("{}: task {} of {} ({}) is out of range", text, index.index,
                                 *count, index.source));
    }
    return ResolvedShard{
        .shard = {.index = static_cast<int>(index.index), .count = static_cast<int>(*count)},
        .source = index.source};
}

}  // namespace rtlduet::cli
