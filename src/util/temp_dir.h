// util/temp_dir.h: an owned temporary or work directory, removed on destruction unless kept
// (`--keep-work`).
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace rtlduet::util {

class TempDir {
public:
    /// Creates a fresh directory `<parent>/<prefix>XXXXXX` (parent defaults to
    /// process_work_root(), or the system temp directory when that cannot be made).
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

/// `<temp>/rtlduet-<euid>`, created on first use: rtlduet's own directory in the system temp
/// directory (work directories, workers, staged runtimes), a directory of this user that no
/// one else can write; empty when it exists and is not (someone else made it, or a link).
/// On ext2/3/4 it is marked as the top of a directory tree, so the file system spreads the work
/// directories made in it over its block groups instead of packing them into the one that
/// holds the temp directory (creating a file there slows down with every file deleted).
std::filesystem::path private_temp_root();

/// `private_temp_root()/work-<pid>`, where this process's temporary directories go: made on
/// first use with a lock the process holds while it lives (removed at exit when empty). The
/// first use also removes the work directories of processes that died without cleaning up
/// (killed), found by their lock being free, and empty ones left without a lock for a minute.
/// Empty when the private root is.
std::filesystem::path process_work_root();

/// Publishes a directory in one step, for caches that several processes fill: `fill` writes
/// the contents into a fresh `.partial-` directory beside `destination` (those older than an
/// hour, left by a killed process, are swept first), which is then opened to every user (o+rx)
/// and renamed into place. When another process published `destination` first, its copy stays
/// (both are made from the same inputs) and this one is removed.
Status publish_directory(const std::filesystem::path& destination,
                         const std::function<Status(const std::filesystem::path&)>& fill);

/// Copies `files` (names in `from`) into `to`; `may_link` hard-links where it can. Files a
/// sandbox user made must be copied: a link would keep that user as their owner.
Status copy_files(const std::filesystem::path& from, const std::vector<std::string>& files,
                  const std::filesystem::path& to, bool may_link);

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
