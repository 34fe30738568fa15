// util/resource_dir.cpp: resource directory lookup.
#include "util/resource_dir.h"

#include <vector>

#include <fmt/format.h>

namespace rtlduet::util {

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
    candidates.emplace_back(RTLDUET_SOURCE_DIR);
    for (const auto& candidate : candidates) {
        if (std::filesystem::is_directory(candidate / "testbenches", ec)) {
            return ResourceDir(std::filesystem::canonical(candidate, ec));
        }
    }
    return make_error(ErrorKind::Tool,
                      fmt::format("cannot find rtlduet's resource files (testbenches/, prompts/); "
                                  "looked in {}",
                                  candidates.back().string()));
}

}  // namespace rtlduet::util
