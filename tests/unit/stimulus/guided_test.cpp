// unit/stimulus/guided_test.cpp: guided rows: only the segment changes, every row keeps its
// source, the reset is released in held rows, and the same request gives the same rows.
#include "stimulus/guided.h"

#include <doctest/doctest.h>

#include "stimulus/generate.h"

namespace {

using namespace rtlduet;

hdl::Interface counter_interface() {
    hdl::Interface ifc;
    ifc.ports = {{.name = "clk"},
                 {.name = "reset"},
                 {.name = "ena"},
                 {.name = "d", .width = 8, .msb = 7},
                 {.name = "q", .direction = hdl::PortDirection::Output, .width = 8, .msb = 7}};
    ifc.clock = "clk";
    ifc.reset = hdl::ResetSignal{.name = "reset"};
    return ifc;
}

stimulus::VectorSet uniform(const hdl::Interface& ifc) {
    auto set = stimulus::generate_vectors(ifc, {.count = 400, .seed = 5});
    REQUIRE(set);
    return *set;
}

}  // namespace

TEST_SUITE("stimulus.guided") {
    TEST_CASE("replaces only the segment and records the source of every row") {
        const auto ifc = counter_interface();
        const auto base = uniform(ifc);
        const auto guided = stimulus::guided_rows(
            ifc, base, {.from = 300, .to = 400, .productive = {{40, 60}}, .seed = 5, .round = 1});
        REQUIRE(guided.rows.size() == base.rows.size());
        REQUIRE(guided.sources.size() == base.rows.size());
        for (std::size_t row = 0; row < 300; ++row) {
            CHECK(guided.rows[row] == base.rows[row]);
            CHECK(guided.sources[row] == stimulus::RowSource::Random);
        }
        bool changed = false;
        for (std::size_t row = 300; row < 400; ++row) {
            CHECK(guided.sources[row] != stimulus::RowSource::Random);
            changed |= guided.rows[row] != base.rows[row];
            const bool reset_value = guided.rows[row][0].bit(0);
            CHECK(reset_value == guided.reset_rows[row]);
            if (guided.sources[row] == stimulus::RowSource::Hold) {
                CHECK_FALSE(guided.reset_rows[row]);
            }
        }
        CHECK(changed);
    }

    TEST_CASE("is reproducible and differs from round to round") {
        const auto ifc = counter_interface();
        const auto base = uniform(ifc);
        const stimulus::GuidedRequest request{.from = 200, .to = 400, .seed = 9, .round = 1};
        const auto once = stimulus::guided_rows(ifc, base, request);
        CHECK(stimulus::guided_rows(ifc, base, request).rows == once.rows);
        auto next = request;
        next.round = 2;
        CHECK(stimulus::guided_rows(ifc, base, next).rows != once.rows);
    }

    TEST_CASE("holds patterns long enough for a counter to run without a reset") {
        const auto ifc = counter_interface();
        const auto guided =
            stimulus::guided_rows(ifc, uniform(ifc), {.from = 150, .to = 400, .seed = 3});
        std::size_t longest = 0;
        for (std::size_t row = 150, run = 0; row < 400; ++row) {
            run = guided.reset_rows[row] ? 0 : run + 1;
            longest = std::max(longest, run);
        }
        CHECK(longest >= 64);
    }

    TEST_CASE("leaves the rows alone when there is nothing before the segment") {
        const auto ifc = counter_interface();
        const auto base = uniform(ifc);
        const auto guided = stimulus::guided_rows(ifc, base, {.from = 0, .to = 100, .seed = 1});
        CHECK(guided.rows == base.rows);
    }
}
