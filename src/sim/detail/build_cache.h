// sim/detail/build_cache.h: a content-addressed store of built simulation executables, so that a
// design seen before (the same candidate in another turn or sample) is not compiled again.
// Entries are written to a temporary name and renamed into place: concurrent processes see a
// whole entry or none.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "util/error.h"

namespace rtlduet::sim {

struct CachedBuild {
    std::filesystem::path binary;  // inside the cache: copy it before running it
    int index = 0;                 // the design's argument to the executable
};

class BuildCache {
public:
    /// `root` is the store's directory (e.g. $XDG_CACHE_HOME/rtlduet/builds); empty disables
    /// the cache (find finds nothing, store stores nothing).
    explicit BuildCache(std::filesystem::path root);

    /// The key of one design's build: everything the executable depends on.
    static std::string key(std::string_view recipe_key, std::string_view top_module,
                           std::string_view rtl_text, std::string_view harness);

    bool is_enabled() const { return !root_.empty(); }
    std::optional<CachedBuild> find(const std::string& key) const;

    /// Records design `index` of `binary` under `key`. The first entry of a batch copies the
    /// executable; `shared` (an earlier entry's binary) is hard-linked instead when given.
    util::Result<std::filesystem::path> store(const std::string& key,
                                              const std::filesystem::path& binary, int index,
                                              const std::filesystem::path& shared = {}) const;

    /// Copies a cached executable to `destination`, executable by the sandbox user.
    static util::Status materialize(const CachedBuild& build,
                                    const std::filesystem::path& destination);

private:
    std::filesystem::path entry_dir(const std::string& key) const;

    std::filesystem::path root_;
};

}  // namespace rtlduet::sim
