// unit/sim/coverage_test.cpp: the harness's coverage file read back: windows in order, each
// with its own counts, points introduced by any window, a file out of order refused.
#include "sim/coverage.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "util/files.h"
#include "util/temp_dir.h"

namespace rtlduet::sim {
namespace {

// One Verilator coverage line for a point of `page` at `line`.
std::string point(std::string_view page, int line, std::string_view comment, int count) {
    return fmt::format("C '\x01" "f\x02" "src/top.sv\x01" "l\x02{}\x01" "n\x02" "3\x01" "page\x02{}"
                       "\x01" "o\x02{}\x01" "h\x02TOP.TopModule' {}\n",
                       line, page, comment, count);
}

std::string window(int n, const std::string& body) {
    return fmt::format("# rtlduet window {}\n# SystemC::Coverage-3\n{}", n, body);
}

TEST_SUITE("sim.coverage") {
    TEST_CASE("each window of the harness's file keeps its own counts") {
        auto dir = util::TempDir::create("rtlduet-coverage-read-");
        REQUIRE(dir);
        CHECK(read_coverage(dir->path(), 30)->empty());  // no file: nothing measured
        const std::string text =
            window(0, point("v_line/TopModule", 5, "block", 4) + point("v_toggle/TopModule", 2, "q[0]", 0)) +
            window(1, point("v_line/TopModule", 5, "block", 1)) +
            window(2, point("v_toggle/TopModule", 2, "q[0]", 2) + point("v_branch/TopModule", 7, "if", 1));
        REQUIRE(util::write_file(dir->path() / "coverage.dat", text));
        auto counts = read_coverage(dir->path(), 30);
        REQUIRE_MESSAGE(counts, (counts ? "" : counts.error().what()));
        REQUIRE(counts->windows.size() == 3);
        CHECK(counts->window_rows == 10);
        REQUIRE(counts->points.size() == 3);
        CHECK(counts->points[1].comment == "q[0]");
        CHECK(counts->windows[0] == std::vector<std::uint64_t>{4, 0, 0});
        CHECK(counts->windows[1] == std::vector<std::uint64_t>{1, 0, 0});
        CHECK(counts->windows[2] == std::vector<std::uint64_t>{0, 2, 1});
        CHECK(counts->first_window() == std::vector<int>{0, 2, 2});
    }

    TEST_CASE("a file whose windows are out of order is refused") {
        auto dir = util::TempDir::create("rtlduet-coverage-read-");
        REQUIRE(dir);
        REQUIRE(util::write_file(dir->path() / "coverage.dat",
                                 window(0, point("v_line/TopModule", 5, "block", 1)) +
                                     window(2, point("v_line/TopModule", 5, "block", 1))));
        CHECK_FALSE(read_coverage(dir->path(), 20));
    }
}

}  // namespace
}  // namespace rtlduet::sim
