// util/temp_dir.cpp: mkdtemp-backed temporary directories.
#include "util/temp_dir.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <sys/stat.h>

#include <fmt/format.h>

namespace rtlduet::util {

Result<TempDir> TempDir::create(std::string_view prefix, const std::filesystem::path& parent) {
    std::error_code ec;
    const std::filesystem::path base =
        parent.empty() ? std::filesystem::temp_directory_path(ec) : parent;
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

}  // namespace rtlduet::util
