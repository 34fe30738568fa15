// hdl/lint.cpp: `verilator --lint-only -Wall` on a staged copy, messages as Diagnostics.
#include "hdl/lint.h"

#include <algorithm>

#include "hdl/detail/verilator_run.h"
#include "util/files.h"
#include "util/temp_dir.h"

namespace rtlduet::hdl {

util::Result<LintResult> lint(const util::Sandbox& sandbox, const std::filesystem::path& source,
                              std::string_view top) {
    auto text = util::read_file(source);
    if (!text) {
        return text.error();
    }
    auto work = util::TempDir::create("rtlduet-lint-");
    if (!work) {
        return work.error();
    }
    const detail::VerilatorJob job{
        .source_text = std::move(*text),
        .user_name = source.string(),
        .flags = {"--lint-only", "-Wall", "-Wno-fatal", "--top-module", std::string(top)}};
    auto output = detail::run_verilator(sandbox, work->path(), job);
    if (!output) {
        return output.error();
    }
    const bool has_errors = std::any_of(output->diagnostics.begin(), output->diagnostics.end(),
                                        [](const Diagnostic& d) { return d.severity == "error"; });
    if (!output->run.succeeded() && !has_errors) {
        return detail::verilator_failure(*output, source.string());
    }
    LintResult result{.log = std::move(output->log)};
    for (Diagnostic& diag : output->diagnostics) {
        (diag.severity == "error" ? result.errors : result.warnings).push_back(std::move(diag));
    }
    result.is_clean = result.errors.empty();
    return result;
}

}  // namespace rtlduet::hdl
