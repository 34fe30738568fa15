// unit/sim/crosscheck_test.cpp: the whole cross-check on hand-written RTL/model pairs under
// Icarus: agreement, disagreement at a known cycle, resets, wide and signed ports, a wrong
// model, unknown bits, and designs that fail to build or end the simulation themselves.
#include "sim/crosscheck.h"

#include <doctest/doctest.h>

#include "hdl/extract.h"
#include "stimulus/generate.h"
#include "unit/sim/fixtures.h"
#include "util/files.h"
#include "util/temp_dir.h"

namespace rtlduet::sim {
namespace {

CrosscheckResult check_pair(const std::filesystem::path& rtl, const std::filesystem::path& model,
                            std::size_t count = 400, const std::filesystem::path& ports = {}) {
    auto ifc = hdl::extract_interface(testing::test_sandbox(), ports.empty() ? rtl : ports);
    REQUIRE_MESSAGE(ifc, (ifc ? "" : ifc.error().what()));
    auto vectors = stimulus::generate_vectors(*ifc, {.count = count, .seed = 5});
    REQUIRE(vectors);
    const CrosscheckRequest request{
        .interface = *ifc,
        .rtl = rtl,
        .model = model,
        .vectors = *vectors,
        .options = {.backend = Backend::Icarus, .templates_dir = testing::templates_dir()}};
    auto result = crosscheck(testing::test_sandbox(), request);
    REQUIRE_MESSAGE(result, (result ? "" : result.error().what()));
    return *result;
}

CrosscheckResult check_case(const std::string& name, const std::string& rtl = "rtl.sv") {
    return check_pair(testing::handwritten(name + "/" + rtl),
                      testing::handwritten(name + "/model.py"));
}

// Writes `text` as a design in a temporary directory and cross-checks it against the
// model_errors adder model (ports taken from the adder).
CrosscheckResult check_adder_text(const std::string& text) {
    auto dir = util::TempDir::create("rtlduet-xcheck-test-");
    REQUIRE(dir);
    REQUIRE(util::write_file(dir->path() / "adder.sv", text));
    return check_pair(dir->path() / "adder.sv", testing::handwritten("model_errors/good.py"), 50,
                      testing::handwritten("model_errors/rtl.sv"));
}

TEST_SUITE("sim.crosscheck") {
    TEST_CASE("agrees on matching pairs: counter, active-low reset, combinational, wide, signed") {
        for (const char* name : {"counter_agree", "active_low_reset", "combinational", "wide_100",
                                 "signed_arith", "async_reset"}) {
            CAPTURE(name);
            const CrosscheckResult result = check_case(name);
            CHECK_MESSAGE(result.verdict == Verdict::Agree, result.reason);
            CHECK(result.comparison.match_rate == 1.0);
            CHECK_FALSE(result.comparison.exercise.is_vacuous);
        }
    }

    TEST_CASE("disagrees at the known cycle where the design jumps") {
        const CrosscheckResult result = check_case("free_counter_jump");
        CHECK(result.verdict == Verdict::Disagree);
        REQUIRE_FALSE(result.comparison.mismatches.empty());
        const Mismatch& first = result.comparison.mismatches.front();
        CHECK(first.row == 19);
        CHECK(first.phase == Phase::PostEdge);
        CHECK(first.rtl == "0x1e");
        CHECK(first.model == "0x14");
        CHECK(result.comparison.context.back().row == 19);
    }

    TEST_CASE("tells an asynchronous reset from a synchronous one by the pre-edge sample") {
        const CrosscheckResult result = check_case("async_reset", "sync_variant.sv");
        CHECK(result.verdict == Verdict::Disagree);
        REQUIRE_FALSE(result.comparison.mismatches.empty());
        CHECK(result.comparison.mismatches.front().phase == Phase::PreEdge);
    }

    TEST_CASE("disagrees with a model whose state is off by one") {
        const CrosscheckResult result = check_case("off_by_one_model");
        CHECK(result.verdict == Verdict::Disagree);
        REQUIRE_FALSE(result.comparison.mismatches.empty());
        CHECK(result.comparison.mismatches.front().rtl == "0x0");
        CHECK(result.comparison.mismatches.front().model == "0xa");
    }

    TEST_CASE("reports an uninitialised register's X as a mismatch, never as agreement") {
        const CrosscheckResult result = check_case("uninit_register");
        CHECK(result.verdict == Verdict::Disagree);
        REQUIRE_FALSE(result.comparison.mismatches.empty());
        CHECK(result.comparison.mismatches.front().signal == "acc");
        CHECK(result.comparison.mismatches.front().rtl == "0xx");
        CHECK(result.comparison.exercise.x_bits > 0);
    }

    TEST_CASE("a design that does not compile is an rtl_error with the compiler's messages") {
        const CrosscheckResult result = check_adder_text(
            "module TopModule(input [3:0] a, input [3:0] b, output [3:0] sum, output carry);\n"
            "  assign {carry, sum} = a + b\nendmodule\n");
        CHECK(result.verdict == Verdict::RtlError);
        REQUIRE(result.rtl_failure.has_value());
        CHECK(result.rtl_failure->stage == "build");
        CHECK(result.rtl_failure->log.find("adder.sv:") != std::string::npos);
    }

    TEST_CASE("a design that ends the simulation early is an rtl_error whatever it prints") {
        const CrosscheckResult result = check_adder_text(
            "module TopModule(input [3:0] a, input [3:0] b, output [3:0] sum, output carry);\n"
            "  assign {carry, sum} = a + b;\n"
            "  initial begin #10; $display(\"Mismatches: 0 in 50 samples\"); $finish; end\n"
            "endmodule\n");
        CHECK(result.verdict == Verdict::RtlError);
        REQUIRE(result.rtl_failure.has_value());
        CHECK(result.rtl_failure->stage == "trace");
    }

    TEST_CASE("a model error wins over comparing and names the row") {
        const CrosscheckResult result =
            check_pair(testing::handwritten("model_errors/rtl.sv"),
                       testing::handwritten("model_errors/exception.py"), 20);
        CHECK(result.verdict == Verdict::ModelError);
        REQUIRE(result.model_error.has_value());
        CHECK(result.model_error->row == 3);
        CHECK(result.reason.find("at row 3") != std::string::npos);
    }
}

}  // namespace
}  // namespace rtlduet::sim
