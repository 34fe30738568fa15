// bench/detail/log_analysis.cpp: verdict rules on captured output. The design under test
// shares the simulator with the testbench, so a pass needs exactly one result line (a design
// that prints its own "Mismatches: 0" adds a second one), a normal end and the golden count.
#include "bench/detail/log_analysis.h"

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

Judgement judge(const SimRun& run, std::uint64_t golden_samples) {
    if (run.compile_timed_out) {
        return {Verdict::Timeout, "the compiler did not finish in time"};
    }
    if (!run.compiled) {
        return {Verdict::CompileError, first_error_line(run.compile_log)};
    }
    if (run.timed_out) {
        return {Verdict::Timeout, "the simulation " + run.end};
    }
    if (!run.ended_normally) {
        return {Verdict::Fail, "the simulation ended abnormally: " + run.end};
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
