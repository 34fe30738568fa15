// unit/hdl/lint_test.cpp: Verilator lint as data: clean designs, warnings that do not make a
// design unclean, errors with the user's file and line; Verilator's message lines parsed; a
// text linted before answered from the cache.
#include "hdl/lint.h"

#include <doctest/doctest.h>

#include "hdl/detail/verilator_run.h"
#include "support/cache_entries.h"
#include "util/files.h"
#include "util/temp_dir.h"

namespace {

using namespace rtlduet;

hdl::LintResult lint_text(std::string_view text, const std::filesystem::path& cache_dir = {},
                          std::string_view file_name = "cand.sv") {
    static const util::Sandbox sandbox = util::Sandbox::detect();
    auto dir = util::TempDir::create("rtlduet-lint-test-");
    REQUIRE(dir);
    const auto path = dir->path() / file_name;
    REQUIRE(util::write_file(path, text));
    auto result = hdl::lint(sandbox, path, "TopModule", cache_dir);
    if (!result) {
        FAIL(result.error().what());
    }
    return *result;
}

}  // namespace

TEST_SUITE("hdl.lint") {
    TEST_CASE("finds a clean design clean") {
        const auto result = lint_text(
            "module TopModule (input [3:0] a, output [3:0] y);\n"
            "  assign y = ~a;\nendmodule\n");
        CHECK(result.is_clean);
        CHECK(result.errors.empty());
        CHECK(result.log.find("/dev/null") == std::string::npos);
    }

    TEST_CASE("reports warnings without making the design unclean") {
        const auto result = lint_text(
            "module TopModule (input [3:0] a, input b, output [3:0] y);\n"
            "  assign y = a + 5'd1;\nendmodule\n");
        CHECK(result.is_clean);
        REQUIRE_FALSE(result.warnings.empty());
        CHECK(result.warnings.front().severity == "warning");
        CHECK_FALSE(result.warnings.front().code.empty());
        CHECK(result.warnings.front().file.ends_with("cand.sv"));
    }

    TEST_CASE("reports an error with the user's file name and line") {
        const auto result = lint_text(
            "module TopModule (input a, output y);\n"
            "  assign y = undeclared_signal;\nendmodule\n");
        CHECK_FALSE(result.is_clean);
        REQUIRE_FALSE(result.errors.empty());
        CHECK(result.errors.front().line == 2);
        CHECK(result.errors.front().file.ends_with("cand.sv"));
        CHECK(result.log.find(std::string(hdl::detail::kStagedName)) == std::string::npos);
    }
}

TEST_SUITE("hdl.verilator_messages") {
    TEST_CASE("parses errors and coded warnings with and without a column and skips the rest") {
        const auto diags = hdl::detail::parse_verilator_messages(
            "%Warning-WIDTH: a.sv:3:12: Operator ADD expects 5 bits\n"
            "                        : ... In instance TopModule\n"
            "%Error: dir/b.sv:7: syntax error, unexpected ';'\n"
            "%Error: Specified --top-module 'TopModule' was not found in design.\n"
            "%Error: Exiting due to 2 error(s)\n");
        REQUIRE(diags.size() == 3);
        CHECK(diags[0] == hdl::Diagnostic{.file = "a.sv",
                                          .line = 3,
                                          .column = 12,
                                          .severity = "warning",
                                          .code = "WIDTH",
                                          .message = "Operator ADD expects 5 bits"});
        CHECK(diags[1].file == "dir/b.sv");
        CHECK(diags[1].line == 7);
        CHECK(diags[1].column == 0);
        CHECK(diags[1].severity == "error");
        CHECK(diags[2].line == 0);
        CHECK(diags[2].message.starts_with("Specified --top-module"));
    }

    TEST_CASE("a text linted before is answered from the cache, under the new file's name") {
        auto cache = util::TempDir::create("rtlduet-lint-cache-");
        REQUIRE(cache);
        constexpr std::string_view kText =
            "module TopModule (input [3:0] a, output [3:0] y);\n"
            "  assign y = a + 5'd1;\nendmodule\n";
        const auto first = lint_text(kText, cache->path(), "first.sv");
        REQUIRE_FALSE(first.warnings.empty());
        // The one entry is the run's record: give it a warning Verilator never wrote, and the
        // next lint of the same text reports it, so it was answered from the cache.
        REQUIRE(testing::doctor_only_entry(cache->path(), [](std::vector<std::string>& fields) {
            if (fields.size() != 3) {
                return false;
            }
            fields[2] += "%Warning-CACHED: rtlduet_design.sv:1:1: from the cache\n";
            return true;
        }));
        const auto second = lint_text(kText, cache->path(), "second.sv");
        REQUIRE(second.warnings.size() == first.warnings.size() + 1);
        CHECK(second.warnings.back().code == "CACHED");
        CHECK(second.warnings.back().file.ends_with("second.sv"));
        CHECK(second.warnings.front().file.ends_with("second.sv"));
        // Another text is linted for itself.
        const auto other = lint_text(
            "module TopModule (input a, output y);\n"
            "  assign y = a;\nendmodule\n",
            cache->path());
        CHECK(other.warnings.empty());
    }
}
