// util/detail/uid_lease.h: a uid of its own for each sandboxed run (when rtlduet runs as root).
// RLIMIT_NPROC counts every process of a uid, so runs that shared one uid could starve each
// other (a fork loop in one made process creation fail in another); with a uid per run the
// limit, the files a run owns and the processes it may signal are its own.
#pragma once

#include <sys/types.h>

#include "util/error.h"

namespace rtlduet::util::detail {

class UidLease {
public:
    /// A uid of [first, first + count) that no other run (in any rtlduet process) holds and
    /// that runs no process, held until the lease is destroyed. Locks live in `lock_dir`.
    static Result<UidLease> acquire(const char* lock_dir, uid_t first, unsigned count);

    UidLease(UidLease&& other) noexcept;
    UidLease& operator=(UidLease&&) = delete;
    UidLease(const UidLease&) = delete;
    ~UidLease();

    uid_t uid() const { return uid_; }

private:
    UidLease(int lock_fd, uid_t uid) : lock_fd_(lock_fd), uid_(uid) {}
    int lock_fd_ = -1;
    uid_t uid_ = 0;
};

/// Root-owned and private: where runs lease their uids (/run/rtlduet-uids, else under /tmp).
const char* uid_lock_dir();

/// The running processes owned by `uid`.
unsigned count_processes_of(uid_t uid);

}  // namespace rtlduet::util::detail
