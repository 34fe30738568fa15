rtlduet_unit_test(bench
  unit/bench/log_analysis_test.cpp
  unit/bench/module_scan_test.cpp
  unit/bench/regress_test.cpp
  unit/bench/samples_test.cpp
  unit/bench/suite_test.cpp
  unit/bench/summary_test.cpp
  unit/bench/testbench_compat_test.cpp)

rtlduet_integration_test(regress integration/regress_test.cpp)

rtlduet_integration_test(score integration/score_test.cpp)
target_link_libraries(integration_score PRIVATE nlohmann_json::nlohmann_json)

# Suites other than VerilogEval (RTLLM 2.0, ChipBench) scored through the binary: Icarus runs
# plus one Verilator build, about a minute on 2 cores.
rtlduet_integration_test(suites integration/suites_test.cpp)
target_link_libraries(integration_suites PRIVATE nlohmann_json::nlohmann_json)

# The flow (run, eval) on RTLLM 2.0 against the scripted endpoint.
rtlduet_integration_test(flow_suites integration/flow_suites_test.cpp)
target_link_libraries(integration_flow_suites PRIVATE rtlduet_fake_llm nlohmann_json::nlohmann_json)
