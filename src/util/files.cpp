// util/files.cpp: POSIX-backed implementations of the file helpers.
#include "util/files.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

namespace rtlduet::util {
namespace {

Error io_error(std::string_view what, const fs::path& path, int err) {
    return make_error(ErrorKind::Io,
                      fmt::format("cannot {} {}: {}", what, path.string(), std::strerror(err)));
}

Status write_all(int fd, std::string_view content, const fs::path& path) {
    std::size_t done = 0;
    while (done < content.size()) {
        const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return io_error("write", path, errno);
        }
        done += static_cast<std::size_t>(n);
    }
    return {};
}

}  // namespace

Result<std::string> read_file(const fs::path& path, ErrorKind kind) {
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
        return make_error(kind, fmt::format("{}: no such file", path.string()));
    }
    if (fs::is_directory(status)) {
        return make_error(kind, fmt::format("{}: is a directory, expected a file", path.string()));
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return make_error(kind,
                          fmt::format("{}: cannot open: {}", path.string(), std::strerror(errno)));
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

Status make_directories(const fs::path& path) {
    std::error_code ec;
    fs::create_directories(path, ec);
    if (ec) {
        return make_error(ErrorKind::Io, fmt::format("cannot create directory {}: {}",
                                                     path.string(), ec.message()));
    }
    return {};
}

Status make_executable(const fs::path& path) {
    std::error_code ec;
    fs::permissions(path,
                    fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                        fs::perms::others_read | fs::perms::others_exec,
                    ec);
    if (ec) {
        return make_error(ErrorKind::Io, fmt::format("cannot make {} executable: {}", path.string(),
                                                     ec.message()));
    }
    return {};
}

Status write_file(const fs::path& path, std::string_view content) {
    if (path.has_parent_path()) {
        if (auto made = make_directories(path.parent_path()); !made) {
            return made;
        }
    }
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        return io_error("open", path, errno);
    }
    auto written = write_all(fd, content, path);
    ::close(fd);
    return written;
}

Status write_file_atomic(const fs::path& path, std::string_view content) {
    static std::atomic<unsigned> counter{0};
    if (path.has_parent_path()) {
        if (auto made = make_directories(path.parent_path()); !made) {
            return made;
        }
    }
    const fs::path temp = path.string() + fmt::format(".tmp.{}.{}", ::getpid(), counter++);
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
        return io_error("create", temp, errno);
    }
    auto written = write_all(fd, content, temp);
    if (written && ::fsync(fd) != 0) {
        written = io_error("sync", temp, errno);
    }
    ::close(fd);
    if (written && ::rename(temp.c_str(), path.c_str()) != 0) {
        written = io_error("rename into", path, errno);
    }
    if (!written) {
        ::unlink(temp.c_str());
    }
    return written;
}

std::string file_identity(const fs::path& path) {
    struct stat info {};
    if (path.empty() || ::stat(path.c_str(), &info) != 0) {
        return {};
    }
    return fmt::format("{} {} {}", path.string(), info.st_size, info.st_mtim.tv_sec);
}

Status append_line_durable(const fs::path& path, std::string_view line) {
    if (path.has_parent_path()) {
        if (auto made = make_directories(path.parent_path()); !made) {
            return made;
        }
    }
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) {
        return io_error("open", path, errno);
    }
    std::string record(line);
    record.push_back('\n');
    auto written = write_all(fd, record, path);
    if (written && ::fsync(fd) != 0) {
        written = io_error("sync", path, errno);
    }
    ::close(fd);
    return written;
}

}  // namespace rtlduet::util
