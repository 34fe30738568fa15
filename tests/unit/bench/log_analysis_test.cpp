#include "bench/detail/log_analysis.h"

#include <doctest/doctest.h>

using namespace rtlduet::bench;
using namespace rtlduet::bench::detail;

namespace {

SimRun finished(std::string sim_log) {
    return SimRun{.compiled = true,
                  .ran = true,
                  .ended_normally = true,
                  .end = "exit 0",
                  .sim_log = std::move(sim_log)};
}

constexpr const char* kPassLog =
    "VCD info: dumpfile wave.vcd opened for output.\n"
    "Hint: Total mismatched samples is 0 out of 200 samples\n\n"
    "Simulation finished at 1000 ps\n"
    "Mismatches: 0 in 200 samples\n";

}  // namespace

TEST_SUITE("bench.log_analysis") {
    TEST_CASE("finds only exact Mismatches lines") {
        const auto lines = find_mismatch_lines(
            "Mismatches: 3 in 10 samples\nsay Mismatches: 0 in 10 samples\n"
            "Mismatches: 0 in 10 samples extra\nMismatches: 0 in 7 samples\r\n");
        REQUIRE(lines.size() == 2);
        CHECK(lines[0] == MismatchLine{3, 10});
        CHECK(lines[1] == MismatchLine{0, 7});
    }

    TEST_CASE("passes zero mismatches with the golden sample count") {
        CHECK(judge(finished(kPassLog), 200).verdict == Verdict::Pass);
        CHECK(judge(finished(kPassLog), 0).verdict == Verdict::Pass);
    }

    TEST_CASE("fails a run that stops early with fewer samples than the golden one") {
        const Judgement judged = judge(finished(kPassLog), 5000);
        CHECK(judged.verdict == Verdict::Fail);
        CHECK(judged.reason.find("golden design runs 5000") != std::string::npos);
    }

    TEST_CASE("fails a design that prints its own Mismatches line") {
        const Judgement judged =
            judge(finished(std::string("Mismatches: 0 in 200 samples\n") + kPassLog), 200);
        CHECK(judged.verdict == Verdict::Fail);
        CHECK(judged.reason.find("printed its own") != std::string::npos);
    }

    TEST_CASE("a TIMEOUT line before zero mismatches still passes (timeout erratum)") {
        const std::string log = std::string("TIMEOUT\n") + kPassLog;
        CHECK(judge(finished(log), 200).verdict == Verdict::Pass);
        CHECK(judge_official(finished(log)) == Verdict::Fail);
    }

    TEST_CASE("compile failures, wall timeouts and abnormal ends have their own verdicts") {
        SimRun broken{.compiled = false, .compile_log = "cand.sv:3: syntax error\n"};
        CHECK(judge(broken, 10).verdict == Verdict::CompileError);
        CHECK(judge(broken, 10).reason == "cand.sv:3: syntax error");
        SimRun slow = finished("");
        slow.timed_out = true;
        slow.ended_normally = false;
        CHECK(judge(slow, 10).verdict == Verdict::Timeout);
        CHECK(judge_official(slow) == Verdict::Fail);
        SimRun crashed = finished(kPassLog);
        crashed.ended_normally = false;
        CHECK(judge(crashed, 200).verdict == Verdict::Fail);
    }

    TEST_CASE(
        "deadlines, signals and refused resources are passing failures, the design's are not") {
        CHECK(passing_failure(finished(kPassLog)).empty());
        SimRun broken{.compiled = false, .compile_log = "cand.sv:3: syntax error\n"};
        CHECK(passing_failure(broken).empty());
        SimRun failing = finished("Mismatches: 3 in 200 samples\n");
        CHECK(passing_failure(failing).empty());

        SimRun slow_compile{.compile_timed_out = true};
        CHECK(passing_failure(slow_compile) == "the compiler hit its deadline");
        SimRun slow = finished("");
        slow.timed_out = true;
        slow.end = "timed out after 120000 ms";
        CHECK(passing_failure(slow) == "the simulation timed out after 120000 ms");
        SimRun killed = finished("");
        killed.signalled = true;
        killed.end = "killed by signal 9 (Killed)";
        CHECK(passing_failure(killed) == "the simulation was killed by signal 9 (Killed)");
        SimRun refused{.compile_log =
                           "g++: fatal error: cannot execute 'cc1plus': "
                           "execvp: Resource temporarily unavailable\n"};
        CHECK(passing_failure(refused) == "a log says \"Resource temporarily unavailable\"");
    }

    TEST_CASE("the official rule fails any line containing error") {
        SimRun run = finished(kPassLog);
        CHECK(judge_official(run) == Verdict::Pass);
        run.compile_log = "cand.sv:4: warning: error_flag is unused\n";
        CHECK(judge_official(run) == Verdict::Fail);
    }

    TEST_CASE("classifies a testbench declaration-order failure of newer Icarus") {
        const char* icarus13 =
            "test.sv:58: error: Unable to bind wire/reg/memory `tb_mismatch' in `tb'\n"
            "test.sv:63:      : A symbol with that name was declared here. Check for "
            "declaration after use.\n"
            "1 error(s) during elaboration.\n";
        CHECK(classify_harness_failure(icarus13, "test.sv") == HarnessFault::DeclarationOrder);
    }

    TEST_CASE("does not blame the testbench for errors elsewhere") {
        CHECK(classify_harness_failure("ref.sv:21: sorry: This cast operation is not yet "
                                       "supported.\n",
                                       "test.sv") == HarnessFault::Unsupported);
        CHECK(classify_harness_failure("cand.sv:5: error: Unable to bind wire/reg/memory "
                                       "`tb_match' in `tb.top_module1'\n",
                                       "test.sv") == HarnessFault::Other);
        CHECK(classify_harness_failure("test.sv:71: error: port ``Y2'' is not a port of good1.\n",
                                       "test.sv") == HarnessFault::Other);
        CHECK(classify_harness_failure("test.sv:9: warning: tb_match is odd\n", "test.sv") ==
              HarnessFault::Other);
    }

    TEST_CASE("keeps the last lines of a log") {
        CHECK(tail_lines("a\nb\nc\n", 2) == "b\nc\n");
        CHECK(tail_lines("a\nb\nc", 5) == "a\nb\nc");
        CHECK(first_error_line("x\ny error z\n") == "y error z");
    }

    TEST_CASE("RTLLM's pass line: exactly once, with no failure reported; the script's rule") {
        CHECK(judge_pass_line(finished("===========Your Design Passed===========\n")).verdict ==
              Verdict::Pass);
        CHECK(judge_pass_line(finished("=========== Your Design Passed ===========\n")).verdict ==
              Verdict::Pass);
        const Judgement none = judge_pass_line(finished("Passed 3 tests\n"));
        CHECK(none.verdict == Verdict::Fail);
        CHECK(none.reason == "the testbench printed no pass line");
        CHECK(judge_official_pass_line(finished("Passed 3 tests\n")) == Verdict::Pass);
        const Judgement forged =
            judge_pass_line(finished("===========Your Design Passed===========\n"
                                     "=========== Test completed with 3 failures ===========\n"));
        CHECK(forged.verdict == Verdict::Fail);
        CHECK(forged.reason.find("Test completed with 3 failures") != std::string::npos);
        CHECK(judge_pass_line(finished("===========Your Design Passed===========\n"
                                       "===========Your Design Passed===========\n"))
                  .reason.find("printed its own") != std::string::npos);
        SimRun slow = finished("===========Your Design Passed===========\n");
        slow.timed_out = true;
        CHECK(judge_pass_line(slow).verdict == Verdict::Timeout);
    }
}
