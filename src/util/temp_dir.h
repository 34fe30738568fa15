// util/temp_dir.h: an owned temporary or work directory, removed on destruction unless kept
// (`--keep-work`).
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace rtlduet::util {

class TempDir {
public:
    /// Creates a fresh directory `<parent>/<prefix>XXXXXX` (parent defaults to the system
    /// temp directory).
    static Result<TempDir> create(std::string_view prefix,
                                  const std::filesystem::path& parent = {});

    /// Removes `<parent>/<prefix>*` files and directories last changed more than `age` ago:
    /// what a process killed while assembling a cache entry left behind.
    static void remove_stale(const std::filesystem::path& parent, std::string_view prefix,
                             std::chrono::seconds age);

    TempDir(TempDir&& other) noexcept;
    TempDir& operator=(TempDir&& other) noexcept;
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir();

    const std::filesystem::path& path() const { return path_; }
    /// Leaves the directory on disk when this object dies.
    void keep() { is_kept_ = true; }
    bool is_kept() const { return is_kept_; }

private:
    explicit TempDir(std::filesystem::path path) : path_(std::move(path)) {}
    void remove();

    std::filesystem::path path_;
    bool is_kept_ = false;
};

/// True when every directory from `dir` up to / lets others through (o+x): a sandbox that runs
/// as another user can open files inside it by name.
bool others_can_reach(const std::filesystem::path& dir);

/// A copy of `files` (names in `dir`) that a sandbox user can reach, for a cache kept where it
/// cannot (rtlduet as root with the cache under /root, a private home): made once as
/// `<temp>/rtlduet-<euid>/<name>` (hard links when possible) and reused while it is whole. The
/// last of `files` is copied last: its presence says the copy is complete.
Result<std::filesystem::path> reachable_copy(const std::filesystem::path& dir,
                                             const std::string& name,
                                             const std::vector<std::string>& files);

}  // namespace rtlduet::util
