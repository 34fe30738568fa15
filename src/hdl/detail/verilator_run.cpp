// hdl/detail/verilator_run.cpp: answers a Verilator job from the cache or stages the file and
// runs Verilator in the sandbox; parses its message lines.
#include "hdl/detail/verilator_run.h"

#include <charconv>

#include <fmt/format.h>

#include "util/content_cache.h"
#include "util/files.h"
#include "util/hash.h"
#include "util/temp_dir.h"

namespace rtlduet::hdl::detail {
namespace {

constexpr std::size_t kLogTailBytes = 4000;
constexpr std::chrono::milliseconds kVerilatorDeadline{60'000};

// Reads a decimal number at the front of `text` and drops it; nullopt if there is none.
std::optional<int> take_number(std::string_view& text) {
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end == text.data()) {
        return std::nullopt;
    }
    text.remove_prefix(static_cast<std::size_t>(end - text.data()));
    return value;
}

// Splits "file:line:col: message" (col optional) into the diagnostic; false when the text
// has no location.
bool take_location(std::string_view text, Diagnostic& diag) {
    for (std::size_t colon = text.find(':'); colon != std::string_view::npos;
         colon = text.find(':', colon + 1)) {
        std::string_view rest = text.substr(colon + 1);
        const auto line = take_number(rest);
        if (!line || rest.empty() || rest.front() != ':') {
            continue;
        }
        rest.remove_prefix(1);
        std::optional<int> column = take_number(rest);
        if (column) {
            if (rest.empty() || rest.front() != ':') {
                continue;
            }
            rest.remove_prefix(1);
        }
        diag.file = std::string(text.substr(0, colon));
        diag.line = *line;
        diag.column = column.value_or(0);
        const auto first = rest.find_first_not_of(' ');
        diag.message = first == std::string_view::npos ? "" : std::string(rest.substr(first));
        return true;
    }
    return false;
}

std::optional<Diagnostic> parse_message_line(std::string_view line) {
    const bool is_error = line.starts_with("%Error");
    if (!is_error && !line.starts_with("%Warning")) {
        return std::nullopt;
    }
    const auto header_end = line.find(": ");
    if (header_end == std::string_view::npos) {
        return std::nullopt;
    }
    Diagnostic diag{.severity = is_error ? "error" : "warning"};
    const std::string_view header = line.substr(0, header_end);
    if (const auto dash = header.find('-'); dash != std::string_view::npos) {
        diag.code = std::string(header.substr(dash + 1));
    }
    const std::string_view body = line.substr(header_end + 2);
    if (body.starts_with("Exiting due to")) {
        return std::nullopt;
    }
    if (!take_location(body, diag)) {
        diag.message = std::string(body);
    }
    return diag;
}

// Everything a Verilator run's outcome depends on: the tool, the flags, the text, and which
// files are kept.
std::string run_key(const std::filesystem::path& tool, const VerilatorJob& job) {
    util::Sha256 hash;
    hash.field("verilator run 1").field(util::file_identity(tool));
    for (const auto* list : {&job.flags, &job.outputs}) {
        hash.field(std::to_string(list->size()));
        for (const std::string& item : *list) {
            hash.field(item);
        }
    }
    return hash.field(job.source_text).hex_digest();
}

// A kept run answers without a directory or a process; otherwise the text is staged in a
// temporary directory for the run, which is kept for next time.
util::Result<util::KeptRun> run_or_recall(const util::Sandbox& sandbox, const VerilatorJob& job) {
    // verilator_bin directly: the `verilator` Perl wrapper only adds start-up time here.
    const auto tool = util::find_program("verilator_bin", sandbox.config().path_env);
    // Without verilator_bin there is no binary to name in the key: no cache.
    const util::ContentCache cache(job.cache_dir.empty() || tool.empty()
                                       ? std::filesystem::path()
                                       : job.cache_dir / "verilator-runs");
    const std::string key = cache.is_enabled() ? run_key(tool, job) : std::string();
    if (auto kept = cache.recall(key, job.outputs)) {
        return std::move(*kept);
    }
    auto work = util::TempDir::create("rtlduet-verilator-");
    if (!work) {
        return work.error();
    }
    if (auto written = util::write_file(work->path() / kStagedName, job.source_text); !written) {
        return written.error();
    }
    util::SandboxRequest request{.cwd = work->path()};
    request.argv.emplace_back(tool.empty() ? "verilator" : "verilator_bin");
    request.argv.insert(request.argv.end(), job.flags.begin(), job.flags.end());
    request.argv.emplace_back(kStagedName);
    request.limits.deadline = kVerilatorDeadline;
    auto run = util::run_cached(sandbox, request, cache, key, job.outputs);
    if (!run) {
        return run.error().with_context("verilator");
    }
    util::KeptRun fresh{.run = std::move(run->run)};
    for (const std::string& name : job.outputs) {
        auto content = util::read_file(work->path() / name, util::ErrorKind::Io);
        fresh.outputs.push_back(content ? std::optional<std::string>(std::move(*content))
                                        : std::nullopt);
    }
    return fresh;
}

}  // namespace

std::string replace_all(std::string_view text, std::string_view from, std::string_view to) {
    std::string out;
    std::size_t pos = 0;
    for (auto hit = text.find(from); hit != std::string_view::npos; hit = text.find(from, pos)) {
        out.append(text.substr(pos, hit - pos));
        out.append(to);
        pos = hit + from.size();
    }
    out.append(text.substr(pos));
    return out;
}

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const auto eol = text.find('\n');
        lines.push_back(text.substr(0, eol));
        text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    }
    return lines;
}

std::vector<Diagnostic> parse_verilator_messages(std::string_view log) {
    std::vector<Diagnostic> diagnostics;
    for (const std::string_view line : split_lines(log)) {
        if (auto diag = parse_message_line(line)) {
            diagnostics.push_back(std::move(*diag));
        }
    }
    return diagnostics;
}

util::Result<VerilatorOutput> run_verilator(const util::Sandbox& sandbox, const VerilatorJob& job) {
    auto kept = run_or_recall(sandbox, job);
    if (!kept) {
        return kept.error();
    }
    VerilatorOutput output{.run = std::move(kept->run), .files = std::move(kept->outputs)};
    output.log = replace_all(output.run.err + output.run.out, kStagedName, job.user_name);
    output.diagnostics = parse_verilator_messages(output.log);
    return output;
}

util::Error verilator_failure(const VerilatorOutput& output, std::string_view what) {
    const std::string_view log = output.log;
    std::string tail(log.substr(log.size() > kLogTailBytes ? log.size() - kLogTailBytes : 0));
    for (const Diagnostic& diag : output.diagnostics) {
        if (diag.severity != "error") {
            continue;
        }
        util::Error error = util::make_error(util::ErrorKind::Input, diag.message, std::move(tail));
        if (diag.line > 0) {
            error.where = util::SourceLocation{.file = diag.file, .line = diag.line};
        }
        return error;
    }
    if (output.run.timed_out) {
        return util::make_error(util::ErrorKind::Input,
                                fmt::format("{}: verilator {}", what, output.run.describe_end()),
                                std::move(tail));
    }
    return util::make_error(
        util::ErrorKind::Tool,
        fmt::format("{}: verilator failed ({})", what, output.run.describe_end()), std::move(tail));
}

}  // namespace rtlduet::hdl::detail
