// util/resource_dir.cpp: resource directory lookup.
#include "util/resource_dir.h"

#include <algorithm>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace rtlduet::util {

bool is_in_build_tree(const std::filesystem::path& executable) {
    std::error_code ec;
    const auto exe = std::filesystem::weakly_canonical(executable, ec);
    const auto build_dir = std::filesystem::weakly_canonical(RTLDUET_BUILD_DIR, ec);
    const auto [mismatch, rest] =
        std::mismatch(build_dir.begin(), build_dir.end(), exe.begin(), exe.end());
    return !build_dir.empty() && mismatch == build_dir.end();
}

Result<ResourceDir> ResourceDir::locate(const std::filesystem::path& executable,
                                        const std::filesystem::path& override_dir) {
    std::vector<std::filesystem::path> candidates;
    if (!override_dir.empty()) {
        candidates.push_back(override_dir);
    }
    std::error_code ec;
    const auto exe = std::filesystem::weakly_canonical(executable, ec);
    if (!ec && exe.has_parent_path()) {
        candidates.push_back(exe.parent_path().parent_path() / "share" / "rtlduet");
    }
    if (is_in_build_tree(exe)) {
        candidates.emplace_back(RTLDUET_SOURCE_DIR);
    }
    std::vector<std::string> looked;
    for (const auto& candidate : candidates) {
        if (std::filesystem::is_directory(candidate / "testbenches", ec)) {
            return ResourceDir(std::filesystem::canonical(candidate, ec));
        }
        looked.push_back(candidate.string());
    }
    return make_error(ErrorKind::Tool,
                      fmt::format("cannot find rtlduet's resource files (agents/, prompts/, "
                                  "testbenches/); looked in {}; install them with cmake "
                                  "--install or name their directory in RTLDUET_RESOURCES",
                                  fmt::join(looked, ", ")));
}

}  // namespace rtlduet::util
