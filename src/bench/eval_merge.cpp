// bench/eval_merge.cpp: combines the outputs of sharded `rtlduet eval` runs into one set of
// results, refusing outputs that do not belong together (another suite or configuration).
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "bench/eval_results.h"

namespace rtlduet::bench {
namespace {

namespace fs = std::filesystem;

util::Status check_same_run(const fs::path& first_dir, const EvalManifest& first,
                            const fs::path& dir, const EvalManifest& manifest) {
    if (manifest.suite != first.suite) {
        return util::make_error(
            util::ErrorKind::Input,
            fmt::format("{} evaluates suite {}, {} suite {}: refusing to merge", dir.string(),
                        manifest.suite, first_dir.string(), first.suite));
    }
    if (manifest.config_hash != first.config_hash) {
        std::string detail;
        for (const std::string& difference : config_differences(manifest.config, first.config)) {
            detail += difference + "\n";
        }
        return util::make_error(
            util::ErrorKind::Input,
            fmt::format("{} was run with other options than {} (config hash {} vs {}): refusing "
                        "to merge",
                        dir.string(), first_dir.string(), manifest.config_hash, first.config_hash),
            detail);
    }
    return {};
}

util::Status add_results(const fs::path& dir, const EvalManifest& manifest, MergedEval& merged,
                         std::set<PairKey>& seen) {
    const fs::path file = dir / "results.jsonl";
    auto log = read_results(file);
    if (!log) {
        return log.error();
    }
    if (log->torn_line) {
        merged.warnings.push_back(
            fmt::format("{}:{}: ignoring a torn last line", file.string(), *log->torn_line));
    }
    for (EvalRecord& record : log->records) {
        if (record.config_hash != manifest.config_hash || record.suite != manifest.suite) {
            return util::make_error(
                util::ErrorKind::Input,
                fmt::format("{}: a result of config hash {} in an output of config hash {}",
                            file.string(), record.config_hash, manifest.config_hash));
        }
        if (!seen.insert(record.key()).second) {
            ++merged.duplicates;
            continue;
        }
        merged.records.push_back(std::move(record));
    }
    return {};
}

}  // namespace

util::Result<MergedEval> merge_evals(const std::vector<fs::path>& dirs) {
    MergedEval merged;
    std::set<PairKey> seen;
    std::set<std::string> problems;
    for (std::size_t i = 0; i < dirs.size(); ++i) {
        const fs::path& dir = dirs[i];
        auto manifest = read_manifest(dir / "eval.json");
        if (!manifest) {
            return manifest.error().with_context(
                fmt::format("{} is not an eval output", dir.string()));
        }
        if (i == 0) {
            merged.manifest = *manifest;
        } else if (auto same = check_same_run(dirs.front(), merged.manifest, dir, *manifest);
                   !same) {
            return same.error();
        }
        merged.manifest.samples = std::max(merged.manifest.samples, manifest->samples);
        problems.insert(manifest->problems.begin(), manifest->problems.end());
        if (auto added = add_results(dir, *manifest, merged, seen); !added) {
            return added.error();
        }
    }
    merged.manifest.problems.assign(problems.begin(), problems.end());
    merged.manifest.shard = {};
    std::sort(merged.records.begin(), merged.records.end(),
              [](const EvalRecord& a, const EvalRecord& b) { return a.key() < b.key(); });
    for (const PairKey& key : shard_pairs(merged.manifest.problems, merged.manifest.samples, {})) {
        if (!seen.contains(key)) {
            merged.missing.push_back(key);
        }
    }
    return merged;
}

}  // namespace rtlduet::bench
