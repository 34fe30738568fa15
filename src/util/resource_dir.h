// util/resource_dir.h: finds rtlduet's data files (agents/, prompts/, testbenches/) next to
// the installed binary or in the source tree it was built from.
#pragma once

#include <filesystem>
#include <string_view>

#include "util/error.h"

namespace rtlduet::util {

/// True for a binary inside the build tree it was built in: only such a binary may use files
/// of its source or build tree (an installed or copied one never depends on where it was built).
bool is_in_build_tree(const std::filesystem::path& executable);

class ResourceDir {
public:
    /// Tries, in order: `override_dir` (RTLDUET_RESOURCES), <exe>/../share/rtlduet (what
    /// `cmake --install` lays out), and for a binary inside its build tree the source tree.
    /// A candidate counts when it holds a `testbenches` directory.
    static Result<ResourceDir> locate(const std::filesystem::path& executable,
                                      const std::filesystem::path& override_dir = {});

    const std::filesystem::path& root() const { return root_; }
    std::filesystem::path path(std::string_view relative) const { return root_ / relative; }

private:
    explicit ResourceDir(std::filesystem::path root) : root_(std::move(root)) {}
    std::filesystem::path root_;
};

}  // namespace rtlduet::util
