// hdl/synth.cpp: Yosys on a staged copy of the design, in the sandbox like every tool that
// reads generated code; its log is turned into issues (latches from PROC_DLATCH, logic loops
// and conflicting drivers from `check`, errors of the front end or of synthesis).
#include "hdl/synth.h"

#include <algorithm>

#include <fmt/format.h>

#include "util/content_cache.h"
#include "util/files.h"
#include "util/hash.h"
#include "util/temp_dir.h"

namespace rtlduet::hdl {
namespace {

constexpr std::uint64_t kAddressSpace = 4ull << 30;
constexpr std::size_t kLogTail = 4000;

// `\TopModule.\q' or TopModule.\q: -> q
std::string signal_after(std::string_view line, std::string_view marker) {
    const std::size_t at = line.find(marker);
    if (at == std::string_view::npos) {
        return {};
    }
    std::string_view rest = line.substr(at + marker.size());
    const std::size_t dot = rest.find(".\\");
    if (dot != std::string_view::npos) {
        rest = rest.substr(dot + 2);
    }
    const std::size_t end = rest.find_first_of("': \n");
    return std::string(rest.substr(0, end));
}

void add_issue(std::vector<SynthesisIssue>& issues, SynthesisIssue issue) {
    if (std::find(issues.begin(), issues.end(), issue) == issues.end()) {
        issues.push_back(std::move(issue));
    }
}

std::string tail(std::string_view log) {
    return std::string(log.size() > kLogTail ? log.substr(log.size() - kLogTail) : log);
}

}  // namespace

std::vector<SynthesisIssue> parse_synthesis_log(std::string_view log, bool is_combinational) {
    std::vector<SynthesisIssue> issues;
    std::size_t start = 0;
    while (start < log.size()) {
        const std::size_t end = std::min(log.find('\n', start), log.size());
        const std::string_view line = log.substr(start, end - start);
        start = end + 1;
        if (line.starts_with("Latch inferred for signal")) {
            const std::string signal = signal_after(line, "signal `");
            add_issue(issues,
                      {.kind = "latch",
                       .signal = signal,
                       .message = fmt::format(
                           "a latch is inferred for {}{}: assign it on every path of its "
                           "combinational block (or give it a default first)",
                           signal, is_combinational ? " where combinational logic is asked" : "")});
        } else if (line.find("found logic loop") != std::string_view::npos) {
            add_issue(issues, {.kind = "combinational_loop",
                               .message = "a combinational loop: a signal depends on itself "
                                          "without a register in between"});
        } else if (line.find("multiple conflicting drivers for") != std::string_view::npos) {
            const std::string signal = signal_after(line, "drivers for ");
            add_issue(issues, {.kind = "multiple_drivers",
                               .signal = signal,
                               .message = fmt::format("{} has several drivers: drive each signal "
                                                      "from one assign or one always block",
                                                      signal)});
        } else if (line.starts_with("ERROR:")) {
            add_issue(issues,
                      {.kind = "not_synthesizable",
                       .message = "not synthesizable: " +
                                  std::string(line.substr(std::string_view("ERROR: ").size()))});
        }
    }
    return issues;
}

namespace {

// The check runs to the end of Yosys' coarse (word-level) synthesis: latches, conflicting
// drivers and errors are all reported there, and it skips the gate-level mapping and
// optimisation that made most of the time of a design with arithmetic (0.4 s instead of 0.03 s
// for a 16-bit multiply). A word-level cell connects every input bit to every output bit, so
// a loop found there may be none: only then does the full synthesis, whose last check is at
// bit level, decide. Over 827 designs (the VerilogEval v2, RTLLM 2.0 and ChipBench references
// and 402 LLM answers to VerilogEval) both ways gave the same report for every one.
constexpr std::string_view kWordLevelScript =
    "read_verilog -sv design.sv; synth -top {} -noabc -run :fine; check";
constexpr std::string_view kBitLevelScript =
    "read_verilog -sv design.sv; synth -top {} -noabc; check";

struct ScriptRun {
    util::RunResult run;
    std::string log;  // yosys.log and stderr
    bool is_replayed = false;
};

util::Result<ScriptRun> run_script(const util::Sandbox& sandbox, const std::filesystem::path& yosys,
                                   const std::filesystem::path& work, const std::string& text,
                                   const std::string& script, const SynthesisOptions& options,
                                   std::chrono::milliseconds deadline) {
    util::SandboxRequest request{.argv = {yosys.string(), "-q", "-l", "yosys.log", "-p", script},
                                 .cwd = work,
                                 .cancel = options.cancel};
    request.limits.deadline = deadline;
    request.limits.address_space_bytes = kAddressSpace;
    const util::ContentCache cache(options.cache_dir.empty() ? std::filesystem::path()
                                                             : options.cache_dir / "yosys-runs");
    // Everything the run's outcome depends on: the tool, its script and the text.
    const std::string key = cache.is_enabled() ? util::Sha256()
                                                     .field("yosys check 2")
                                                     .field(util::file_identity(yosys))
                                                     .field(script)
                                                     .field(text)
                                                     .hex_digest()
                                               : std::string();
    auto cached = util::run_cached(sandbox, request, cache, key, {"yosys.log"});
    if (!cached) {
        return cached.error().with_context("yosys");
    }
    if (cached->run.cancelled) {
        return util::make_error(util::ErrorKind::Interrupted, "interrupted");
    }
    auto log = util::read_file(work / "yosys.log");
    return ScriptRun{.run = cached->run,
                     .log = (log ? *log : std::string()) + cached->run.err,
                     .is_replayed = cached->is_replayed};
}

SynthesisReport make_report(const ScriptRun& done, bool is_combinational) {
    SynthesisReport report{.is_synthesizable = done.run.succeeded(),
                           .issues = parse_synthesis_log(done.log, is_combinational),
                           .time = done.is_replayed ? std::chrono::milliseconds(0) : done.run.wall};
    if (!report.is_synthesizable) {
        report.log = tail(done.log);
        const bool has_error =
            std::any_of(report.issues.begin(), report.issues.end(),
                        [](const auto& i) { return i.kind == "not_synthesizable"; });
        if (!has_error) {
            report.issues.push_back(
                {.kind = "not_synthesizable",
                 .message = "not synthesizable: yosys " + done.run.describe_end()});
        }
    }
    return report;
}

bool has_loop(const SynthesisReport& report) {
    return std::any_of(report.issues.begin(), report.issues.end(),
                       [](const auto& i) { return i.kind == "combinational_loop"; });
}

}  // namespace

util::Result<SynthesisReport> check_synthesis(const util::Sandbox& sandbox,
                                              const std::filesystem::path& rtl,
                                              const SynthesisOptions& options) {
    const auto yosys = util::find_program("yosys", sandbox.config().path_env);
    if (yosys.empty()) {
        return util::make_error(util::ErrorKind::Tool,
                                "yosys not found (install Debian's yosys package)");
    }
    auto text = util::read_file(rtl, util::ErrorKind::Input);
    if (!text) {
        return text.error();
    }
    auto work = util::TempDir::create("rtlduet-synth-");
    if (!work) {
        return work.error();
    }
    if (auto written = util::write_file(work->path() / "design.sv", *text); !written) {
        return written.error();
    }
    auto word_level =
        run_script(sandbox, yosys, work->path(), *text, fmt::format(kWordLevelScript, options.top),
                   options, options.deadline);
    if (!word_level) {
        return word_level.error();
    }
    SynthesisReport report = make_report(*word_level, options.is_combinational);
    if (!has_loop(report)) {
        return report;
    }
    // Both runs share the check's deadline.
    const auto left =
        std::max(options.deadline - word_level->run.wall, std::chrono::milliseconds(1));
    auto bit_level = run_script(sandbox, yosys, work->path(), *text,
                                fmt::format(kBitLevelScript, options.top), options, left);
    if (!bit_level) {
        return bit_level.error();
    }
    const auto word_level_time = report.time;
    report = make_report(*bit_level, options.is_combinational);
    report.time += word_level_time;
    return report;
}

std::string synthesis_feedback(const SynthesisReport& report) {
    std::string text;
    for (const SynthesisIssue& issue : report.issues) {
        text += "- " + issue.message + "\n";
    }
    return text.empty() ? text : "Synthesis (Yosys) found problems in the design:\n" + text;
}

}  // namespace rtlduet::hdl
