// sim/build_cache.cpp: the executable store: <root>/<2 hex>/<key>/{sim,index}, each entry
// assembled under a temporary name and renamed into place.
#include "sim/detail/build_cache.h"

#include <charconv>

#include <fmt/format.h>

#include "util/files.h"
#include "util/hash.h"
#include "util/temp_dir.h"

namespace rtlduet::sim {
namespace {

namespace fs = std::filesystem;

util::Error io_error(std::string_view what, const fs::path& path, const std::error_code& ec) {
    return util::make_error(util::ErrorKind::Io, fmt::format("build cache: cannot {} {}: {}", what,
                                                             path.string(), ec.message()));
}

}  // namespace

BuildCache::BuildCache(fs::path root) : root_(std::move(root)) {}

std::string BuildCache::key(std::string_view recipe_key, std::string_view top_module,
                            std::string_view rtl_text, std::string_view harness) {
    util::Sha256 hash;
    hash.field("rtlduet verilator build")
        .field(recipe_key)
        .field(top_module)
        .field(rtl_text)
        .field(harness);
    return hash.hex_digest();
}

fs::path BuildCache::entry_dir(const std::string& key) const {
    return root_ / key.substr(0, 2) / key;
}

std::optional<CachedBuild> BuildCache::find(const std::string& key) const {
    if (!is_enabled()) {
        return std::nullopt;
    }
    const fs::path dir = entry_dir(key);
    auto text = util::read_file(dir / "index", util::ErrorKind::Io);
    if (!text) {
        return std::nullopt;
    }
    int index = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), index);
    std::error_code exists_ec;
    if (ec != std::errc() || index < 0 || !fs::is_regular_file(dir / "sim", exists_ec)) {
        return std::nullopt;
    }
    return CachedBuild{.binary = dir / "sim", .index = index};
}

util::Result<fs::path> BuildCache::store(const std::string& key, const fs::path& binary, int index,
                                         const fs::path& shared) const {
    if (!is_enabled()) {
        return fs::path();
    }
    const fs::path dir = entry_dir(key);
    auto published = util::publish_directory(dir, [&](const fs::path& staging) -> util::Status {
        const fs::path target = staging / "sim";
        std::error_code ec;
        if (!shared.empty()) {
            fs::create_hard_link(shared, target, ec);
        }
        if (shared.empty() || ec) {
            ec.clear();
            fs::copy_file(binary, target, ec);
            if (ec) {
                return io_error("copy", binary, ec);
            }
            if (auto executable = util::make_executable(target); !executable) {
                return executable;
            }
        }
        return util::write_file(staging / "index", std::to_string(index));
    });
    if (!published) {
        return published.error();
    }
    return dir / "sim";
}

util::Status BuildCache::materialize(const CachedBuild& build, const fs::path& destination) {
    if (auto made = util::make_directories(destination.parent_path()); !made) {
        return made;
    }
    std::error_code ec;
    fs::copy_file(build.binary, destination, fs::copy_options::overwrite_existing, ec);
    if (ec) {
        return io_error("copy", build.binary, ec);
    }
    return util::make_executable(destination);
}

}  // namespace rtlduet::sim
