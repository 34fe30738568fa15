// support/cache_entries.h: the entries a test's content cache (util::ContentCache) holds, so a
// test can doctor one and see the next run answered from it.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "util/content_cache.h"

namespace rtlduet::testing {

/// Every entry file below `cache_dir` (the caches' subdirectories included).
inline std::vector<std::filesystem::path> cache_entries(const std::filesystem::path& cache_dir) {
    std::vector<std::filesystem::path> found;
    for (const auto& file : std::filesystem::recursive_directory_iterator(cache_dir)) {
        if (file.is_regular_file()) {
            found.push_back(file.path());
        }
    }
    return found;
}

/// Rewrites the one entry below `cache_dir` with `edit` (which returns false when the fields
/// are not what it expects); false unless there is exactly one entry and `edit` took it.
template <typename Edit>
bool doctor_only_entry(const std::filesystem::path& cache_dir, Edit edit) {
    const auto entries = cache_entries(cache_dir);
    if (entries.size() != 1) {
        return false;
    }
    const std::string key = entries.front().filename().string();
    const util::ContentCache store(entries.front().parent_path().parent_path());
    auto fields = store.find(key);
    if (!fields || !edit(*fields)) {
        return false;
    }
    store.store(key, *fields);
    return true;
}

}  // namespace rtlduet::testing
