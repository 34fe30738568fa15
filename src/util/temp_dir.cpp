// util/temp_dir.cpp: mkdtemp-backed temporary directories.
#include "util/temp_dir.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <linux/fs.h>
#include <map>
#include <sys/file.h>
#include <mutex>
#include <string>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "util/files.h"

namespace rtlduet::util {
namespace {

bool is_private_dir(const std::filesystem::path& dir) {
    struct stat info {};
    return ::lstat(dir.c_str(), &info) == 0 && S_ISDIR(info.st_mode) &&
           info.st_uid == ::geteuid() && (info.st_mode & (S_IWGRP | S_IWOTH)) == 0;
}

// Only a hint to the block allocator: a file system without the flag refuses it, harmlessly.
void mark_as_top_directory(const std::filesystem::path& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        return;
    }
    int flags = 0;
    if (::ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0 && (flags & FS_TOPDIR_FL) == 0) {
        flags |= FS_TOPDIR_FL;
        ::ioctl(fd, FS_IOC_SETFLAGS, &flags);
    }
    ::close(fd);
}

}  // namespace

std::filesystem::path private_temp_root() {
    std::error_code ec;
    const std::filesystem::path temp = std::filesystem::temp_directory_path(ec);
    if (ec) {
        return {};
    }
    const std::filesystem::path root = temp / fmt::format("rtlduet-{}", ::geteuid());
    // Once per root and process: TMPDIR may differ between the tests of one process.
    static std::mutex mutex;
    static std::filesystem::path marked;
    const std::lock_guard lock(mutex);
    if (root == marked && is_private_dir(root)) {
        return root;
    }
    ::mkdir(root.c_str(), 0755);
    if (!is_private_dir(root)) {
        return {};
    }
    mark_as_top_directory(root);
    marked = root;
    return root;
}

namespace {

// True when no process holds the lock of work directory `dir`, made at least a minute ago (a
// directory whose lock is being taken right now is not abandoned). The lock (flock) dies with
// its process however it ends, SIGKILL included, and is seen across pid namespaces, so a live
// process's directory is never taken.
bool is_abandoned(const std::filesystem::path& dir) {
    const std::filesystem::path lock_file = dir / ".lock";
    struct stat info {};
    if (::lstat(lock_file.c_str(), &info) != 0 || !S_ISREG(info.st_mode) ||
        info.st_uid != ::geteuid() || ::time(nullptr) - info.st_mtime < 60) {
        return false;
    }
    const int lock = ::open(lock_file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (lock < 0) {
        return false;
    }
    const bool is_free = ::flock(lock, LOCK_EX | LOCK_NB) == 0;
    ::close(lock);
    return is_free;
}

// True when `dir` has no lock and has not changed for a minute: what is left when a process's
// last work directories went after its exit handler (objects destroyed later than it). One
// being made right now is young; `rmdir` takes it only if it is empty.
bool is_unlocked_leftover(const std::filesystem::path& dir) {
    struct stat info {};
    struct stat lock {};
    return ::lstat(dir.c_str(), &info) == 0 && S_ISDIR(info.st_mode) &&
           info.st_uid == ::geteuid() && ::time(nullptr) - info.st_mtime >= 60 &&
           ::lstat((dir / ".lock").c_str(), &lock) != 0 && errno == ENOENT;
}

// Removes the work directories of processes that are gone.
void sweep_abandoned(const std::filesystem::path& root) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(root, ec)) {
        if (!entry.path().filename().string().starts_with("work-")) {
            continue;
        }
        if (is_abandoned(entry.path())) {
            std::error_code removed;
            std::filesystem::remove_all(entry.path(), removed);
        } else if (is_unlocked_leftover(entry.path())) {
            ::rmdir(entry.path().c_str());
        }
    }
}

// A fresh `dir` with its lock taken; -1 when it exists (in use, or left by a dead process:
// the sweep takes those) or cannot be made.
int make_locked_dir(const std::filesystem::path& dir) {
    if (::mkdir(dir.c_str(), 0711) != 0) {
        return -1;
    }
    ::chmod(dir.c_str(), 0711);
    const int held =
        ::open((dir / ".lock").c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (held >= 0 && ::flock(held, LOCK_EX | LOCK_NB) == 0) {
        return held;
    }
    if (held >= 0) {
        ::close(held);
    }
    return -1;
}

struct ProcessRoots {
    std::mutex mutex;
    std::map<std::filesystem::path, std::filesystem::path> made;  // private root -> work dir
};

ProcessRoots& process_roots() {
    static ProcessRoots roots;
    return roots;
}

// At exit every TempDir is gone: the process's directories are empty and go too.
void remove_process_dirs() {
    ProcessRoots& roots = process_roots();
    const std::lock_guard lock(roots.mutex);
    for (const auto& [root, dir] : roots.made) {
        ::unlink((dir / ".lock").c_str());
        ::rmdir(dir.c_str());
    }
}

}  // namespace

std::filesystem::path process_work_root() {
    const std::filesystem::path root = private_temp_root();
    if (root.empty()) {
        return {};
    }
    ProcessRoots& roots = process_roots();
    const std::lock_guard lock(roots.mutex);
    if (const auto found = roots.made.find(root); found != roots.made.end()) {
        return found->second;
    }
    sweep_abandoned(root);
    // The pid names it; a suffix when that name is taken (a process of another pid namespace).
    std::filesystem::path dir;
    int held = -1;
    for (int attempt = 0; attempt < 100 && held < 0; ++attempt) {
        dir = root / (attempt == 0 ? fmt::format("work-{}", ::getpid())
                                   : fmt::format("work-{}-{}", ::getpid(), attempt));
        held = make_locked_dir(dir);
    }
    if (held < 0) {
        return {};
    }
    // `held` stays open for the process's life: the lock says the directory is in use.
    mark_as_top_directory(dir);
    if (roots.made.empty()) {
        std::atexit(remove_process_dirs);
    }
    roots.made.emplace(root, dir);
    return dir;
}

Result<TempDir> TempDir::create(std::string_view prefix, const std::filesystem::path& parent) {
    std::error_code ec;
    std::filesystem::path base = parent.empty() ? process_work_root() : parent;
    if (base.empty()) {
        base = std::filesystem::temp_directory_path(ec);
    }
    if (ec) {
        return make_error(ErrorKind::Io, "cannot find the temporary directory: " + ec.message());
    }
    std::filesystem::create_directories(base, ec);
    std::string pattern = (base / (std::string(prefix) + "XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        return make_error(ErrorKind::Io, fmt::format("cannot create a directory in {}: {}",
                                                     base.string(), std::strerror(errno)));
    }
    // Traversable but not listable by others: a sandbox that runs as another uid must be
    // able to reach a work directory created inside this one.
    ::chmod(pattern.c_str(), 0711);
    return TempDir(std::filesystem::path(pattern));
}

void TempDir::remove_stale(const std::filesystem::path& parent, std::string_view prefix,
                           std::chrono::seconds age) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const auto now = fs::file_time_type::clock::now();
    for (const auto& entry : fs::directory_iterator(parent, ec)) {
        std::error_code entry_ec;
        const bool is_stale = entry.path().filename().string().starts_with(prefix) &&
                              now - entry.last_write_time(entry_ec) > age && !entry_ec;
        if (is_stale) {
            fs::remove_all(entry.path(), entry_ec);
        }
    }
}

TempDir::TempDir(TempDir&& other) noexcept
    : path_(std::move(other.path_)), is_kept_(other.is_kept_) {
    other.path_.clear();
}

TempDir& TempDir::operator=(TempDir&& other) noexcept {
    if (this != &other) {
        remove();
        path_ = std::move(other.path_);
        is_kept_ = other.is_kept_;
        other.path_.clear();
    }
    return *this;
}

TempDir::~TempDir() {
    remove();
}

void TempDir::remove() {
    if (!path_.empty() && !is_kept_) {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    path_.clear();
}

bool others_can_reach(const std::filesystem::path& dir) {
    for (std::filesystem::path at = dir; !at.empty(); at = at.parent_path()) {
        struct stat info {};
        if (::stat(at.c_str(), &info) != 0 || (info.st_mode & S_IXOTH) == 0) {
            return false;
        }
        if (at == at.root_path()) {
            break;
        }
    }
    return true;
}

Status publish_directory(const std::filesystem::path& destination,
                         const std::function<Status(const std::filesystem::path&)>& fill) {
    namespace fs = std::filesystem;
    const fs::path parent = destination.parent_path();
    if (auto made = make_directories(parent); !made) {
        return made;
    }
    TempDir::remove_stale(parent, ".partial-", std::chrono::hours(1));
    auto staging = TempDir::create(".partial-", parent);
    if (!staging) {
        return staging.error();
    }
    if (auto filled = fill(staging->path()); !filled) {
        return filled;
    }
    if (auto executable = make_executable(staging->path()); !executable) {
        return executable;
    }
    std::error_code ec;
    fs::rename(staging->path(), destination, ec);
    if (!ec) {
        staging->keep();
    } else if (!fs::is_directory(destination)) {
        return make_error(ErrorKind::Io,
                          fmt::format("cannot publish {}: {}", destination.string(), ec.message()));
    }
    return {};
}

Status copy_files(const std::filesystem::path& from, const std::vector<std::string>& files,
                  const std::filesystem::path& to, bool may_link) {
    namespace fs = std::filesystem;
    for (const std::string& file : files) {
        std::error_code ec;
        if (may_link) {
            fs::create_hard_link(from / file, to / file, ec);
        }
        if (!may_link || ec) {
            ec.clear();
            fs::copy_file(from / file, to / file, fs::copy_options::overwrite_existing, ec);
            if (!ec) {  // a sandbox user reads the copy
                fs::permissions(to / file, fs::perms::group_read | fs::perms::others_read,
                                fs::perm_options::add, ec);
            }
        }
        if (ec) {
            return make_error(ErrorKind::Io,
                              fmt::format("cannot copy {} to {}: {}", (from / file).string(),
                                          to.string(), ec.message()));
        }
    }
    return {};
}

Result<std::filesystem::path> reachable_copy(const std::filesystem::path& dir,
                                             const std::string& name,
                                             const std::vector<std::string>& files) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path base = private_temp_root();
    if (base.empty()) {
        return make_error(ErrorKind::Io,
                          fmt::format("{} is not a private directory of this user: remove it",
                                      (fs::temp_directory_path(ec) /
                                       fmt::format("rtlduet-{}", ::geteuid()))
                                          .string()));
    }
    const fs::path target = base / name;
    if (files.empty() || fs::exists(target / files.back(), ec)) {
        return target;
    }
    auto published = publish_directory(
        target, [&](const fs::path& staging) { return copy_files(dir, files, staging, true); });
    if (!published) {
        return published.error();
    }
    if (!fs::exists(target / files.back(), ec)) {
        return make_error(ErrorKind::Io,
                          fmt::format("{} is an incomplete copy: remove it", target.string()));
    }
    return target;
}

}  // namespace rtlduet::util
