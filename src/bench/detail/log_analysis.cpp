// bench/detail/log_analysis.cpp: verdict rules on captured output. The design under test
// shares the simulator with the testbench, so a pass needs exactly one result line (a design
// that prints its own "Mismatches: 0" adds a second one), a normal end and the golden count.
#include "bench/detail/log_analysis.h"

#include <cctype>
#include <charconv>

#include <fmt/format.h>

namespace rtlduet::bench::detail {
namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        std::string_view line = text.substr(0, end);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        lines.push_back(line);
        if (end == std::string_view::npos) {
            break;
        }
        text.remove_prefix(end + 1);
    }
    return lines;
}

// Parses a decimal number at the front of `text` and drops it.
std::optional<std::uint64_t> take_number(std::string_view& text) {
    std::uint64_t value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || ptr == text.data()) {
        return std::nullopt;
    }
    text.remove_prefix(static_cast<std::size_t>(ptr - text.data()));
    return value;
}

bool take(std::string_view& text, std::string_view prefix) {
    if (!text.starts_with(prefix)) {
        return false;
    }
    text.remove_prefix(prefix.size());
    return true;
}

std::optional<MismatchLine> parse_mismatch_line(std::string_view line) {
    MismatchLine result;
    if (!take(line, "Mismatches: ")) {
        return std::nullopt;
    }
    const auto mismatches = take_number(line);
    if (!mismatches || !take(line, " in ")) {
        return std::nullopt;
    }
    const auto samples = take_number(line);
    if (!samples || line != " samples") {
        return std::nullopt;
    }
    return MismatchLine{.mismatches = *mismatches, .samples = *samples};
}

bool any_line_contains(std::string_view log, std::string_view needle) {
    for (const std::string_view line : split_lines(log)) {
        if (line.find(needle) != std::string_view::npos) {
            return true;
        }
    }
    return false;
}

}  // namespace

std::vector<MismatchLine> find_mismatch_lines(std::string_view log) {
    std::vector<MismatchLine> found;
    for (const std::string_view line : split_lines(log)) {
        if (auto parsed = parse_mismatch_line(line)) {
            found.push_back(*parsed);
        }
    }
    return found;
}

std::string passing_failure(const SimRun& run) {
    if (run.compile_timed_out || run.timed_out) {
        return run.compile_timed_out ? "the compiler hit its deadline"
                                     : "the simulation " + run.end;
    }
    if (run.signalled) {
        return run.compiled ? "the simulation was " + run.end
                            : "the compiler was killed by a signal";
    }
    // errno texts of the C library: the sandbox or the machine refused, not the design.
    static constexpr std::string_view kRefusals[] = {
        "Permission denied", "Cannot allocate memory", "Resource temporarily unavailable",
        "No space left on device", "Too many open files"};
    for (const std::string* log : {&run.compile_log, &run.sim_log}) {
        for (const std::string_view refusal : kRefusals) {
            if (log->find(refusal) != std::string::npos) {
                return fmt::format("a log says \"{}\"", refusal);
            }
        }
    }
    return {};
}

namespace {

// The verdict when the run did not get as far as a log to read.
std::optional<Judgement> judge_run_end(const SimRun& run) {
    if (run.compile_timed_out) {
        return Judgement{Verdict::Timeout, "the compiler did not finish in time"};
    }
    if (!run.compiled) {
        return Judgement{Verdict::CompileError, first_error_line(run.compile_log)};
    }
    if (run.timed_out) {
        return Judgement{Verdict::Timeout, "the simulation " + run.end};
    }
    if (!run.ended_normally) {
        return Judgement{Verdict::Fail, "the simulation ended abnormally: " + run.end};
    }
    return std::nullopt;
}

bool is_pass_line(std::string_view line) {
    static constexpr std::string_view kWords = "Your Design Passed";
    const std::size_t at = line.find(kWords);
    if (at == std::string_view::npos) {
        return false;
    }
    std::string_view before = line.substr(0, at);
    std::string_view after = line.substr(at + kWords.size());
    before.remove_suffix(before.ends_with(' ') ? 1 : 0);
    after.remove_prefix(after.starts_with(' ') ? 1 : 0);
    const auto all_rule = [](std::string_view rule) {
        return rule.size() == 11 && rule.find_first_not_of('=') == std::string_view::npos;
    };
    return all_rule(before) && all_rule(after);
}

bool mentions_failure(std::string_view line) {
    std::string lower(line);
    for (char& c : lower) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return lower.find("fail") != std::string::npos || lower.find("error") != std::string::npos;
}

}  // namespace

Judgement judge_pass_line(const SimRun& run) {
    if (auto ended = judge_run_end(run)) {
        return *ended;
    }
    int passes = 0;
    std::optional<std::string_view> failure;
    for (const std::string_view line : split_lines(run.sim_log)) {
        passes += is_pass_line(line) ? 1 : 0;
        if (!failure && mentions_failure(line)) {
            failure = line;
        }
    }
    if (failure) {
        return {Verdict::Fail, fmt::format("the testbench reports \"{}\"", *failure)};
    }
    if (passes != 1) {
        return {Verdict::Fail, passes == 0 ? std::string("the testbench printed no pass line")
                                           : fmt::format("{} pass lines: the design printed its "
                                                         "own",
                                                         passes)};
    }
    return {Verdict::Pass, ""};
}

Verdict judge_official_pass_line(const SimRun& run) {
    return !run.timed_out && run.sim_log.find("Pass") != std::string::npos ? Verdict::Pass
                                                                           : Verdict::Fail;
}

Judgement judge(const SimRun& run, std::uint64_t golden_samples) {
    if (auto ended = judge_run_end(run)) {
        return *ended;
    }
    const std::vector<MismatchLine> lines = find_mismatch_lines(run.sim_log);
    if (lines.empty()) {
        return {Verdict::Fail, "the testbench printed no \"Mismatches:\" line"};
    }
    if (lines.size() > 1) {
        return {Verdict::Fail,
                fmt::format("{} \"Mismatches:\" lines: the design printed its own", lines.size())};
    }
    const MismatchLine& line = lines.front();
    if (line.mismatches != 0) {
        return {Verdict::Fail,
                fmt::format("{} mismatches in {} samples", line.mismatches, line.samples)};
    }
    if (golden_samples != 0 && line.samples != golden_samples) {
        return {Verdict::Fail, fmt::format("0 mismatches but in {} samples, the golden design "
                                           "runs {}",
                                           line.samples, golden_samples)};
    }
    return {Verdict::Pass, ""};
}

Verdict judge_official(const SimRun& run) {
    const std::string log = run.compile_log + "\n" + run.sim_log;
    const bool passes = !run.timed_out && log.find("Mismatches: 0 in") != std::string::npos &&
                        !any_line_contains(log, "TIMEOUT") && !any_line_contains(log, "error");
    return passes ? Verdict::Pass : Verdict::Fail;
}

Judgement judge_for(SuiteFormat format, const SimRun& run, std::uint64_t golden_samples) {
    return format == SuiteFormat::Rtllm ? judge_pass_line(run) : judge(run, golden_samples);
}

Verdict judge_official_for(SuiteFormat format, const SimRun& run) {
    return format == SuiteFormat::Rtllm ? judge_official_pass_line(run) : judge_official(run);
}

HarnessFault classify_harness_failure(std::string_view compile_log, std::string_view test_file) {
    bool has_sorry = false;
    for (const std::string_view line : split_lines(compile_log)) {
        const bool in_testbench =
            line.starts_with(test_file) && line.substr(test_file.size()).starts_with(":");
        const bool names_match_signal = line.find("tb_match") != std::string_view::npos ||
                                        line.find("tb_mismatch") != std::string_view::npos;
        const bool is_error = line.find("error") != std::string_view::npos;
        if (in_testbench && ((is_error && names_match_signal) ||
                             line.find("declaration after use") != std::string_view::npos)) {
            return HarnessFault::DeclarationOrder;
        }
        has_sorry |= line.find("sorry:") != std::string_view::npos;
    }
    return has_sorry ? HarnessFault::Unsupported : HarnessFault::Other;
}

std::string first_error_line(std::string_view log) {
    const std::vector<std::string_view> lines = split_lines(log);
    for (const std::string_view line : lines) {
        if (line.find("error") != std::string_view::npos ||
            line.find("sorry") != std::string_view::npos ||
            line.find("Error") != std::string_view::npos) {
            return std::string(line);
        }
    }
    return lines.empty() ? std::string("no compiler output") : std::string(lines.front());
}

std::string tail_lines(std::string_view log, std::size_t lines) {
    std::size_t start = log.size();
    if (start > 0 && log.back() == '\n') {
        --start;
    }
    for (std::size_t seen = 0; start > 0; --start) {
        if (log[start - 1] == '\n' && ++seen == lines) {
            break;
        }
    }
    return std::string(log.substr(start));
}

}  // namespace rtlduet::bench::detail
