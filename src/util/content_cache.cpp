// util/content_cache.cpp: <root>/<2 hex>/<key>, a magic line and length-prefixed fields.
#include "util/content_cache.h"

#include <atomic>
#include <charconv>
#include <cstdlib>
#include <unistd.h>

#include <fmt/format.h>

#include "util/files.h"
#include "util/temp_dir.h"

namespace rtlduet::util {
namespace {

constexpr std::string_view kMagic = "rtlduet-content-cache 1\n";
constexpr std::string_view kPartial = ".partial-";

std::string pack(const std::vector<std::string>& fields) {
    std::string value(kMagic);
    for (const std::string& field : fields) {
        value += fmt::format("{}:", field.size());
        value += field;
    }
    return value;
}

// nullopt when `value` is not a whole entry (a foreign or truncated file).
std::optional<std::vector<std::string>> unpack(std::string_view value) {
    if (!value.starts_with(kMagic)) {
        return std::nullopt;
    }
    value.remove_prefix(kMagic.size());
    std::vector<std::string> fields;
    while (!value.empty()) {
        std::size_t size = 0;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), size);
        const auto header = static_cast<std::size_t>(end - value.data());
        if (ec != std::errc{} || header >= value.size() || *end != ':' ||
            value.size() - header - 1 < size) {
            return std::nullopt;
        }
        fields.emplace_back(value.substr(header + 1, size));
        value.remove_prefix(header + 1 + size);
    }
    return fields;
}

// Fields: exit code, stdout, stderr, then per output "1" and its content, or "0" if absent.
std::optional<KeptRun> decode(std::vector<std::string> fields,
                              const std::vector<std::string>& outputs) {
    if (fields.size() != 3 + 2 * outputs.size()) {
        return std::nullopt;
    }
    KeptRun kept{.run = {.exit_code = std::atoi(fields[0].c_str()),
                         .out = std::move(fields[1]),
                         .err = std::move(fields[2])}};
    kept.run.out_bytes = kept.run.out.size();
    kept.run.err_bytes = kept.run.err.size();
    for (std::size_t i = 0; i < outputs.size(); ++i) {
        kept.outputs.push_back(fields[3 + 2 * i] == "1"
                                   ? std::optional<std::string>(std::move(fields[4 + 2 * i]))
                                   : std::nullopt);
    }
    return kept;
}

std::vector<std::string> record(const RunResult& run, const std::filesystem::path& dir,
                                const std::vector<std::string>& outputs) {
    std::vector<std::string> fields = {std::to_string(run.exit_code), run.out, run.err};
    for (const std::string& name : outputs) {
        auto content = read_file(dir / name, ErrorKind::Io);
        fields.emplace_back(content ? "1" : "0");
        fields.push_back(content ? std::move(*content) : std::string());
    }
    return fields;
}

bool is_repeatable(const RunResult& run) {
    return !run.timed_out && !run.cancelled && run.signal == 0 && !run.output_limit_hit;
}

}  // namespace

std::filesystem::path ContentCache::entry_path(std::string_view key) const {
    return root_ / std::string(key.substr(0, 2)) / std::string(key);
}

std::optional<std::vector<std::string>> ContentCache::find(std::string_view key) const {
    if (!is_enabled() || key.size() < 2) {
        return std::nullopt;
    }
    std::error_code ec;
    const auto path = entry_path(key);
    if (!std::filesystem::is_regular_file(path, ec)) {
        return std::nullopt;
    }
    auto text = read_file(path, ErrorKind::Io);
    return text ? unpack(*text) : std::nullopt;
}

void ContentCache::store(std::string_view key, const std::vector<std::string>& fields) const {
    static std::atomic<unsigned> counter{0};
    if (!is_enabled() || key.size() < 2) {
        return;
    }
    const auto path = entry_path(key);
    // An entry is written in milliseconds: an older partial one was left by a killed process.
    TempDir::remove_stale(path.parent_path(), kPartial, std::chrono::hours(1));
    const auto temp =
        path.parent_path() / fmt::format("{}{}-{}-{}", kPartial, key, ::getpid(), counter++);
    std::error_code ec;
    if (write_file(temp, pack(fields))) {
        std::filesystem::rename(temp, path, ec);
        if (!ec) {
            return;
        }
    }
    std::filesystem::remove(temp, ec);
}

std::optional<KeptRun> ContentCache::recall(std::string_view key,
                                            const std::vector<std::string>& outputs) const {
    auto fields = find(key);
    return fields ? decode(std::move(*fields), outputs) : std::nullopt;
}

Result<CachedRun> run_cached(const Sandbox& sandbox, const SandboxRequest& request,
                             const ContentCache& cache, std::string_view key,
                             const std::vector<std::string>& outputs) {
    if (auto kept = cache.recall(key, outputs)) {
        bool is_written = true;
        for (std::size_t i = 0; i < outputs.size() && is_written; ++i) {
            is_written =
                !kept->outputs[i] || write_file(request.cwd / outputs[i], *kept->outputs[i]);
        }
        if (is_written) {
            return CachedRun{.run = std::move(kept->run), .is_replayed = true};
        }
    }
    auto run = sandbox.run(request);
    if (!run) {
        return run.error();
    }
    if (is_repeatable(*run)) {
        cache.store(key, record(*run, request.cwd, outputs));
    }
    return CachedRun{.run = std::move(*run)};
}

}  // namespace rtlduet::util
