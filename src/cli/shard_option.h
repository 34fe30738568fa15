// cli/shard_option.h: `--shard I/N`, or `--shard auto[/N]`, the index (and count) a cluster
// scheduler gives each task: Slurm job arrays, Kubernetes Indexed Jobs, GitLab parallel jobs.
#pragma once

#include <string>
#include <string_view>

#include "bench/eval_results.h"
#include "util/error.h"

namespace rtlduet::cli {

struct ResolvedShard {
    bench::Shard shard;
    std::string source;  // "" for I/N; else the variables it came from, for the log
};

/// I/N as given, or `auto` / `auto/N` from the environment (docs/cluster.md gives the
/// numbering). Usage error when nothing in the environment says the index.
util::Result<ResolvedShard> resolve_shard(std::string_view text);

}  // namespace rtlduet::cli
