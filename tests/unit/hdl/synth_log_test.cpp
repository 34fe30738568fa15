// unit/hdl/synth_log_test.cpp: Yosys log lines become synthesis issues (latches, loops,
// several drivers, errors), each named once.
#include <doctest/doctest.h>

#include "hdl/synth.h"

TEST_SUITE("hdl.synth") {
    TEST_CASE("finds latches, combinational loops and several drivers in a Yosys log") {
        const std::string log =
            "Latch inferred for signal `\\TopModule.\\q' from process `\\TopModule.$proc$d.sv:2$1'"
            ": $auto$proc_dlatch.cc:427:proc_dlatch$17\n"
            "Warning: multiple conflicting drivers for TopModule.\\w:\n"
            "Warning: found logic loop in module TopModule:\n"
            "Warning: found logic loop in module TopModule:\n";
        const auto issues = rtlduet::hdl::parse_synthesis_log(log, true);
        REQUIRE(issues.size() == 3);
        CHECK(issues[0].kind == "latch");
        CHECK(issues[0].signal == "q");
        CHECK(issues[0].message.find("combinational logic is asked") != std::string::npos);
        CHECK(issues[1].kind == "multiple_drivers");
        CHECK(issues[1].signal == "w");
        CHECK(issues[2].kind == "combinational_loop");
    }

    TEST_CASE("an error of the front end makes the design not synthesizable") {
        const auto issues = rtlduet::hdl::parse_synthesis_log(
            "ERROR: Module `\\Foo' referenced is not part\n", false);
        REQUIRE(issues.size() == 1);
        CHECK(issues[0].kind == "not_synthesizable");
        CHECK(issues[0].message.find("referenced") != std::string::npos);
    }
}
