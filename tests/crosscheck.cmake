# crosscheck: `rtlduet crosscheck` through the built binary; the simulators are required.
if(RTLDUET_HAVE_SIMULATORS)
  rtlduet_integration_test(crosscheck integration/crosscheck_test.cpp)
  target_link_libraries(integration_crosscheck PRIVATE nlohmann_json::nlohmann_json)
  rtlduet_integration_test(crosscheck_verilogeval integration/crosscheck_verilogeval_test.cpp)
  target_link_libraries(integration_crosscheck_verilogeval PRIVATE nlohmann_json::nlohmann_json)
  rtlduet_integration_test(confirm integration/confirm_test.cpp)
  target_link_libraries(integration_confirm PRIVATE nlohmann_json::nlohmann_json)
endif()
