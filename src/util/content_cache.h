// util/content_cache.h: small results of deterministic tool runs (a netlist, a lint log)
// stored under the hash of everything they depend on, so that text seen before is not handed
// to the tool again. An entry is written under a temporary name and renamed into place:
// concurrent processes see a whole entry or none.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"
#include "util/sandbox.h"

namespace rtlduet::util {

/// A tool run kept in a ContentCache: how it ended and the files it left.
struct KeptRun {
    RunResult run;
    std::vector<std::optional<std::string>> outputs;  // per output file asked for
};

class ContentCache {
public:
    /// `root` is the store's directory; empty disables the cache.
    explicit ContentCache(std::filesystem::path root) : root_(std::move(root)) {}

    bool is_enabled() const { return !root_.empty(); }

    /// The fields stored under `key` (a hex digest); nullopt when absent or unreadable.
    std::optional<std::vector<std::string>> find(std::string_view key) const;

    /// Best effort: a full disk or a read-only cache costs the next run only its tool run.
    void store(std::string_view key, const std::vector<std::string>& fields) const;

    /// The run kept under `key` by run_cached with the contents of the files `outputs` it
    /// left (nullopt for one it did not leave); nullopt when no whole entry is kept. Nothing
    /// is written: a caller that needs no files needs no directory either.
    std::optional<KeptRun> recall(std::string_view key,
                                  const std::vector<std::string>& outputs) const;

private:
    std::filesystem::path entry_path(std::string_view key) const;

    std::filesystem::path root_;
};

struct CachedRun {
    RunResult run;
    bool is_replayed = false;  // answered from the cache: no process ran
};

/// Runs `request` in the sandbox, or answers it from `cache` when the same run was kept:
/// `key` (a hex digest) must hold everything the outcome depends on (the tool's identity, its
/// arguments, the input texts). A run that ended on its own (no deadline, signal, cancel or
/// cut-off output) is kept with its exit status, its output and the files `outputs` (relative
/// to request.cwd) it left; a replay writes those files back into request.cwd.
Result<CachedRun> run_cached(const Sandbox& sandbox, const SandboxRequest& request,
                             const ContentCache& cache, std::string_view key,
                             const std::vector<std::string>& outputs);

}  // namespace rtlduet::util
