// util/detail/uid_lease.cpp: leases a sandbox uid through one lock file per uid (flock, so a
// killed rtlduet releases its uids with its descriptors).
#include "util/detail/uid_lease.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <random>
#include <string>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

namespace rtlduet::util::detail {
namespace fs = std::filesystem;

const char* uid_lock_dir() {
    std::error_code ec;
    return fs::is_directory("/run", ec) ? "/run/rtlduet-uids" : "/tmp/rtlduet-uids";
}

unsigned count_processes_of(uid_t uid) {
    unsigned count = 0;
    std::error_code ec;
    for (auto it = fs::directory_iterator("/proc", ec); !ec && it != fs::directory_iterator();
         it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) {
            continue;
        }
        struct stat info {};
        if (::stat(it->path().c_str(), &info) == 0 && info.st_uid == uid) {
            ++count;
        }
    }
    return count;
}

Result<UidLease> UidLease::acquire(const char* lock_dir, uid_t first, unsigned count) {
    if (::mkdir(lock_dir, 0700) != 0 && errno != EEXIST) {
        return make_error(ErrorKind::Io, fmt::format("sandbox: cannot create {}: {}", lock_dir,
                                                     std::strerror(errno)));
    }
    // Start anywhere, so concurrent processes rarely try the same uids first.
    const unsigned start = std::random_device{}() % count;
    for (unsigned i = 0; i < count; ++i) {
        const uid_t uid = first + (start + i) % count;
        const std::string path = fmt::format("{}/{}", lock_dir, uid);
        const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0) {
            return make_error(ErrorKind::Io, fmt::format("sandbox: cannot open {}: {}", path,
                                                         std::strerror(errno)));
        }
        // A uid that still runs something (a child an earlier run left) is not clean.
        if (::flock(fd, LOCK_EX | LOCK_NB) == 0 && count_processes_of(uid) == 0) {
            return UidLease(fd, uid);
        }
        ::close(fd);
    }
    return make_error(ErrorKind::Io,
                      fmt::format("sandbox: all {} sandbox uids from {} are in use", count, first));
}

UidLease::UidLease(UidLease&& other) noexcept : lock_fd_(other.lock_fd_), uid_(other.uid_) {
    other.lock_fd_ = -1;
}

UidLease::~UidLease() {
    if (lock_fd_ >= 0) {
        ::close(lock_fd_);
    }
}

}  // namespace rtlduet::util::detail
