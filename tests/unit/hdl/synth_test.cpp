// unit/hdl/synth_test.cpp: the Yosys check on real designs, a text checked before answered
// from the cache, and a loop found at word level decided at bit level.
#include "hdl/synth.h"

#include <algorithm>
#include <filesystem>

#include <doctest/doctest.h>

#include "support/cache_entries.h"
#include "util/files.h"
#include "util/temp_dir.h"

namespace {

using namespace rtlduet;

constexpr std::string_view kLatch =
    "module TopModule (input en, input d, output reg q);\n"
    "  always @* if (en) q = d;\nendmodule\n";

constexpr std::string_view kLoop =
    "module TopModule (input a, output y);\n"
    "  wire x;\n  assign x = a & y;\n  assign y = ~x;\nendmodule\n";

constexpr std::string_view kMultiply =
    "module TopModule (input signed [15:0] a, input signed [15:0] b, output [15:0] y);\n"
    "  wire signed [31:0] p = a * b;\n  assign y = p[23:8];\nendmodule\n";

hdl::SynthesisReport check_text(std::string_view text, const std::filesystem::path& cache_dir) {
    static const util::Sandbox sandbox = util::Sandbox::detect();
    auto dir = util::TempDir::create("rtlduet-synth-test-");
    REQUIRE(dir);
    const auto path = dir->path() / "design.sv";
    REQUIRE(util::write_file(path, text));
    auto report = hdl::check_synthesis(
        sandbox, path, {.top = "TopModule", .is_combinational = true, .cache_dir = cache_dir});
    if (!report) {
        FAIL(report.error().what());
    }
    return *report;
}

// Appends `line` to the log of the one Yosys run in `cache_dir` (the field holding `marker`).
bool add_to_cached_log(const std::filesystem::path& cache_dir, std::string_view marker,
                       std::string_view line) {
    return testing::doctor_only_entry(cache_dir, [&](std::vector<std::string>& fields) {
        const auto log = std::find_if(fields.begin(), fields.end(), [&](const std::string& f) {
            return f.find(marker) != std::string::npos;
        });
        if (log == fields.end()) {
            return false;
        }
        *log += line;
        return true;
    });
}

bool has_issue(const hdl::SynthesisReport& report, std::string_view kind, std::string_view signal) {
    return std::any_of(report.issues.begin(), report.issues.end(), [&](const auto& issue) {
        return issue.kind == kind && issue.signal == signal;
    });
}

}  // namespace

TEST_SUITE("hdl.synth") {
    TEST_CASE("a latch is found, and a text checked before is answered from the cache") {
        auto cache = util::TempDir::create("rtlduet-synth-cache-");
        REQUIRE(cache);
        const auto first = check_text(kLatch, cache->path());
        CHECK(first.is_synthesizable);
        CHECK(has_issue(first, "latch", "q"));
        // The one entry is the run's record: give its log a driver conflict Yosys never
        // reported, and the next check of the same text reports it without running Yosys.
        REQUIRE(add_to_cached_log(cache->path(), "Latch inferred",
                                  "Warning: multiple conflicting drivers for TopModule.\\cached:\n"));
        const auto second = check_text(kLatch, cache->path());
        CHECK(has_issue(second, "latch", "q"));
        CHECK(has_issue(second, "multiple_drivers", "cached"));
        CHECK(second.time.count() == 0);  // no process ran
        // Another text is checked for itself.
        const auto clean = check_text(
            "module TopModule (input a, output y);\n  assign y = ~a;\nendmodule\n", cache->path());
        CHECK(clean.is_synthesizable);
        CHECK(clean.issues.empty());
    }

    TEST_CASE("a loop the word-level check reports is decided by the bit-level synthesis") {
        auto cache = util::TempDir::create("rtlduet-synth-cache-");
        REQUIRE(cache);
        // A real loop: found at word level, confirmed by the full synthesis (a second run).
        const auto loop = check_text(kLoop, cache->path());
        CHECK(loop.is_synthesizable);
        CHECK(has_issue(loop, "combinational_loop", ""));
        CHECK(testing::cache_entries(cache->path()).size() == 2);

        auto other = util::TempDir::create("rtlduet-synth-cache-");
        REQUIRE(other);
        // Arithmetic without a loop is answered by the word-level run alone.
        const auto multiply = check_text(kMultiply, other->path());
        CHECK(multiply.is_clean());
        CHECK(testing::cache_entries(other->path()).size() == 1);
        // Make that run report a loop, as a word-level cell joining unrelated bits would: the
        // full synthesis runs and its bit-level check, which finds none, has the last word.
        REQUIRE(add_to_cached_log(other->path(), "CHECK pass",
                                  "Warning: found logic loop in module TopModule:\n"));
        const auto decided = check_text(kMultiply, other->path());
        CHECK(decided.is_clean());
        CHECK(testing::cache_entries(other->path()).size() == 2);
    }
}
