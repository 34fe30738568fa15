// unit/hdl/sources_test.cpp: file lists (-f) and the joined compilation unit of a design given
// as several files.
#include "hdl/sources.h"

#include <doctest/doctest.h>

#include "util/files.h"
#include "util/temp_dir.h"

namespace {

using namespace rtlduet;
namespace fs = std::filesystem;

struct ListCase {
    util::TempDir dir = std::move(*util::TempDir::create("rtlduet-sources-test-"));

    fs::path write(const std::string& name, std::string_view text) {
        const fs::path path = dir.path() / name;
        REQUIRE(util::make_directories(path.parent_path()));
        REQUIRE(util::write_file(path, text));
        return path;
    }
};

}  // namespace

TEST_SUITE("hdl.sources") {
    TEST_CASE("a file list names files relative to itself, with comments and nested lists") {
        ListCase c;
        c.write("rtl/top.v", "module top; endmodule\n");
        c.write("rtl/sub.v", "module sub; endmodule\n");
        c.write("rtl/more/leaf.v", "module leaf; endmodule\n");
        c.write("rtl/more/more.f", "leaf.v  // the leaf\n");
        const fs::path list =
            c.write("rtl/design.f",
                    "// the design\n\n  sub.v\n# Icarus-style comment\n/* block */\n"
                    "top.v   \n-f more/more.f\n");
        const auto files = hdl::read_file_list(list);
        REQUIRE_MESSAGE(files, (files ? "" : files.error().what()));
        CHECK(*files == std::vector<fs::path>{c.dir.path() / "rtl/sub.v",
                                              c.dir.path() / "rtl/top.v",
                                              c.dir.path() / "rtl/more/leaf.v"});
    }

    TEST_CASE("a missing file or a tool option in a list is an input error naming list:line") {
        ListCase c;
        const fs::path missing = c.write("a.f", "\nnot_there.v\n");
        auto files = hdl::read_file_list(missing);
        REQUIRE_FALSE(files);
        CHECK(files.error().kind == util::ErrorKind::Input);
        CHECK(files.error().what().starts_with(missing.string() + ":2: "));
        c.write("x.v", "module x; endmodule\n");
        const fs::path option = c.write("b.f", "x.v\n+incdir+inc\n");
        files = hdl::read_file_list(option);
        REQUIRE_FALSE(files);
        CHECK(files.error().what().starts_with(option.string() + ":2: +incdir+inc"));
    }

    TEST_CASE("an empty list and a list that includes itself are errors") {
        ListCase c;
        CHECK_FALSE(hdl::read_file_list(c.write("empty.f", "// nothing\n")));
        const fs::path loop = c.write("loop.f", "-f loop.f\n");
        const auto files = hdl::read_file_list(loop);
        REQUIRE_FALSE(files);
        CHECK(files.error().message.find("nest too deep") != std::string::npos);
    }

    TEST_CASE("joined files keep their names and lines through `line directives") {
        ListCase c;
        const fs::path a = c.write("a.v", "module a;\nendmodule");
        const fs::path b = c.write("b.v", "module b;\nendmodule\n");
        const auto joined = hdl::join_sources({a, b});
        REQUIRE(joined);
        CHECK(*joined == "`line 1 \"" + a.string() + "\" 0\nmodule a;\nendmodule\n`line 1 \"" +
                             b.string() + "\" 0\nmodule b;\nendmodule\n");
    }
}
