// hdl/lint.cpp: `verilator --lint-only -Wall` on a staged copy, messages as Diagnostics.
#include "hdl/lint.h"

#include <algorithm>

#include "hdl/detail/verilator_run.h"
#include "util/files.h"

namespace rtlduet::hdl {
namespace {

// Verilator's --lint-only still emits its C++ model into /dev/null once every lint pass has
// run. Where the sandbox user cannot write /dev/null (a host whose /dev/null is mode 0755)
// that last step fails; it says nothing about the design, so it is not a lint error.
bool is_emit_to_dev_null(const Diagnostic& diag) {
    return diag.severity == "error" && diag.message == "Cannot write /dev/null";
}

// The same failure as it shows in the log, plus the shell's complaint from Verilator's
// wrapper script, which redirects to /dev/null too.
std::string without_dev_null_noise(std::string_view log) {
    std::string kept;
    for (const std::string_view line : detail::split_lines(log)) {
        if (line != "%Error: Cannot write /dev/null" &&
            !(line.starts_with("sh: ") &&
              line.ends_with("cannot create /dev/null: Permission denied"))) {
            kept.append(line).append("\n");
        }
    }
    return kept;
}

}  // namespace

util::Result<LintResult> lint(const util::Sandbox& sandbox, const std::filesystem::path& source,
                              std::string_view top, const std::filesystem::path& cache_dir) {
    auto text = util::read_file(source);
    if (!text) {
        return text.error();
    }
    detail::VerilatorJob job{
        .source_text = std::move(*text),
        .user_name = source.string(),
        // The staged file's name is ours, so DECLFILENAME would always fire.
        .flags = {"--lint-only", "--no-timing", "-Wall", "-Wno-fatal", "-Wno-DECLFILENAME"},
        .cache_dir = cache_dir};
    if (!top.empty()) {
        job.flags.insert(job.flags.end(), {"--top-module", std::string(top)});
    }
    auto output = detail::run_verilator(sandbox, job);
    if (!output) {
        return output.error();
    }
    auto& diagnostics = output->diagnostics;
    const auto emitted =
        std::remove_if(diagnostics.begin(), diagnostics.end(), is_emit_to_dev_null);
    const bool has_emit_failure = emitted != diagnostics.end();
    diagnostics.erase(emitted, diagnostics.end());
    const bool has_errors = std::any_of(diagnostics.begin(), diagnostics.end(),
                                        [](const Diagnostic& d) { return d.severity == "error"; });
    if (!output->run.succeeded() && !has_errors && !has_emit_failure) {
        return detail::verilator_failure(*output, source.string());
    }
    LintResult result{.log = without_dev_null_noise(output->log)};
    for (Diagnostic& diag : diagnostics) {
        (diag.severity == "error" ? result.errors : result.warnings).push_back(std::move(diag));
    }
    result.is_clean = result.errors.empty();
    return result;
}

}  // namespace rtlduet::hdl
