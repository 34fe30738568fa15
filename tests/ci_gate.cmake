# ci_gate: rtlduet's own CI gate on benchmarks/rtlduet-mini: the golden references score pass, and
# the scripted recording replays offline through eval and regress finds no regression against
# the committed baseline. Runs the flow and the testbenches: labelled "ci_gate" and "sim".
if(RTLDUET_HAVE_SIMULATORS)
  add_executable(integration_ci_gate integration/ci_gate_test.cpp)
  target_link_libraries(integration_ci_gate
    PRIVATE rtlduet_test_support nlohmann_json::nlohmann_json rtlduet_warnings)
  add_dependencies(integration_ci_gate rtlduet)
  rtlduet_discover_tests(integration_ci_gate "integration/ci_gate/" integration sim ci_gate)
endif()
