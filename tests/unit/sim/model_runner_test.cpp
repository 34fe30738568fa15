// unit/sim/model_runner_test.cpp: the Python model runner in the sandbox: results per row,
// pre-edge outputs, and every way a model can fail (each becomes a ModelError with its row).
#include <doctest/doctest.h>

#include "sim/simulator.h"
#include "unit/sim/fixtures.h"
#include "util/temp_dir.h"

namespace rtlduet::sim {
namespace {

using testing::in_port;
using testing::out_port;

const hdl::Interface kAdder{
    .ports = {in_port("a", 4), in_port("b", 4), out_port("sum", 4), out_port("carry", 1)}};

ModelRun run(const std::string& model_file,
             std::chrono::milliseconds deadline = std::chrono::milliseconds(20'000)) {
    auto work = util::TempDir::create("rtlduet-model-test-");
    REQUIRE(work);
    const auto vectors = testing::make_vectors(kAdder, {{1, 2}, {15, 1}, {7, 7}, {9, 9}, {0, 0}});
    const ModelOptions options{.model = testing::handwritten("model_errors/" + model_file),
                               .templates_dir = testing::templates_dir(),
                               .work_dir = work->path(),
                               .deadline = deadline};
    auto model = run_model(testing::test_sandbox(), kAdder, vectors, options);
    REQUIRE(model);
    return *model;
}

ModelError error_of(const std::string& model_file, ModelErrorKind kind) {
    const ModelRun model = run(model_file);
    REQUIRE(model.error.has_value());
    CHECK(model.error->kind == kind);
    return *model.error;
}

TEST_SUITE("sim.model_runner") {
    TEST_CASE("returns one post-edge row per vector and ignores what the model prints") {
        const ModelRun model = run("good.py");
        REQUIRE_FALSE(model.error.has_value());
        REQUIRE(model.trace.post.size() == 5);
        CHECK(model.trace.pre.empty());
        CHECK(model.trace.post[1][0].to_u64() == 0);
        CHECK(model.trace.post[1][1].to_u64() == 1);
        CHECK(model.trace.post[2][0].to_u64() == 14);
    }

    TEST_CASE("calls outputs() before eval() on sequential designs that define it") {
        const hdl::Interface ifc{.ports = {in_port("clk"), in_port("reset"), in_port("en"),
                                           out_port("q", 4), out_port("wrap")},
                                 .clock = "clk"};
        auto work = util::TempDir::create("rtlduet-model-test-");
        REQUIRE(work);
        const auto vectors = testing::make_vectors(ifc, {{1, 0}, {0, 1}, {0, 1}});
        auto model = run_model(testing::test_sandbox(), ifc, vectors,
                               {.model = testing::handwritten("counter_agree/model.py"),
                                .templates_dir = testing::templates_dir(),
                                .work_dir = work->path()});
        REQUIRE(model);
        REQUIRE_FALSE(model->error.has_value());
        CHECK(model->has_outputs_method);
        REQUIRE(model->trace.pre.size() == 3);
        CHECK(model->trace.pre[2][0].to_u64() == 1);
        CHECK(model->trace.post[2][0].to_u64() == 2);
    }

    TEST_CASE("reports a model that does not load or cannot be built") {
        CHECK(error_of("load.py", ModelErrorKind::Load).traceback.find("SyntaxError") !=
              std::string::npos);
        CHECK(error_of("no_class.py", ModelErrorKind::Load).message.find("TopModule") !=
              std::string::npos);
        CHECK(error_of("init_raises.py", ModelErrorKind::Load).message.find("RuntimeError") !=
              std::string::npos);
    }

    TEST_CASE("reports an exception with its row and a traceback naming the model file") {
        const ModelError error = error_of("exception.py", ModelErrorKind::Exception);
        CHECK(error.row == 3);
        CHECK(error.message.find("ValueError: row three is special") != std::string::npos);
        CHECK(error.traceback.find("exception.py") != std::string::npos);
        CHECK(error.traceback.find("rtlduet-model-test-") == std::string::npos);
        // Only the model's frames: the runner's own lines would change the feedback (and the
        // recordings keyed by it) whenever the runner changes.
        CHECK_MESSAGE(error.traceback.find("model_runner") == std::string::npos, error.traceback);
        CHECK(error.traceback.starts_with("Traceback (most recent call last):\n"));
    }

    TEST_CASE("reports each kind of bad return value at the row it happened") {
        CHECK(error_of("bad_return.py", ModelErrorKind::BadReturn).row == 0);
        CHECK(error_of("missing_output.py", ModelErrorKind::MissingOutput).message.find("carry") !=
              std::string::npos);
        CHECK(error_of("extra_output.py", ModelErrorKind::ExtraOutput).message.find("overflow") !=
              std::string::npos);
        CHECK(error_of("not_int.py", ModelErrorKind::NotInt).message.find("float") !=
              std::string::npos);
        CHECK(error_of("negative.py", ModelErrorKind::Negative).row == 0);
        CHECK(error_of("too_wide.py", ModelErrorKind::TooWide).message.find("4 bits") !=
              std::string::npos);
    }

    TEST_CASE("reports sys.exit, os._exit, a kill and a hang as model errors") {
        CHECK(error_of("sys_exit.py", ModelErrorKind::Exit).row == 0);
        CHECK(error_of("os_exit.py", ModelErrorKind::Exit).row == 2);
        CHECK(error_of("crash.py", ModelErrorKind::Crash).row == 0);
        const ModelRun hung = run("timeout.py", std::chrono::milliseconds(1500));
        REQUIRE(hung.error.has_value());
        CHECK(hung.error->kind == ModelErrorKind::Timeout);
        CHECK(hung.error->row == 0);
    }
}

}  // namespace
}  // namespace rtlduet::sim
