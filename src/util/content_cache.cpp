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
std::optional<RunResult> replay(const std::vector<std::string>& fields,
                                const std::filesystem::path& dir,
                                const std::vector<std::string>& outputs) {
    if (fields.size() != 3 + 2 * outputs.size()) {
        return std::nullopt;
    }
    RunResult run{.exit_code = std::atoi(fields[0].c_str()), .out = fields[1], .err = fields[2]};
    run.out_bytes = run.out.size();
    run.err_bytes = run.err.size();
    for (std::size_t i = 0; i < outputs.size(); ++i) {
        if (fields[3 + 2 * i] == "1" && !write_file(dir / outputs[i], fields[4 + 2 * i])) {
            return std::nullopt;
        }
    }
    return run;
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

Result<CachedRun> run_cached(const Sandbox& sandbox, const SandboxRequest& request,
                             const ContentCache& cache, std::string_view key,
                             const std::vector<std::string>& outputs) {
    if (auto fields = cache.find(key)) {
        if (auto run = replay(*fields, request.cwd, outputs)) {
            return CachedRun{.run = std::move(*run), .is_replayed = true};
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
