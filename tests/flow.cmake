rtlduet_unit_test(flow
  unit/flow/prompt_test.cpp
  unit/flow/spec_interface_test.cpp)

rtlduet_integration_test(run integration/run_test.cpp)
target_link_libraries(integration_run PRIVATE rtlduet_fake_llm nlohmann_json::nlohmann_json)

rtlduet_integration_test(run_confirm integration/run_confirm_test.cpp)
target_link_libraries(integration_run_confirm PRIVATE rtlduet_fake_llm nlohmann_json::nlohmann_json)

rtlduet_integration_test(live integration/live_test.cpp)
target_link_libraries(integration_live PRIVATE rtlduet_fake_llm nlohmann_json::nlohmann_json)

# Reading every VerilogEval spec's interface runs Verilator: a separate executable labelled 'sim'.
if(RTLDUET_HAVE_SIMULATORS)
  add_executable(unit_flow_verilator unit/flow/spec_interface_verilogeval_test.cpp)
  target_link_libraries(unit_flow_verilator PRIVATE rtlduet::flow rtlduet_test_support
                        fmt::fmt rtlduet_warnings)
  rtlduet_discover_tests(unit_flow_verilator "flow/" sim)
endif()

rtlduet_integration_test(stream integration/stream_test.cpp)
target_link_libraries(integration_stream PRIVATE rtlduet_fake_llm nlohmann_json::nlohmann_json)
