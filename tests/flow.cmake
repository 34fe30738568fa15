rtlduet_unit_test(flow
  unit/flow/prompt_test.cpp)

rtlduet_integration_test(run integration/run_test.cpp)
target_link_libraries(integration_run PRIVATE rtlduet_fake_llm nlohmann_json::nlohmann_json)

rtlduet_integration_test(live integration/live_test.cpp)
target_link_libraries(integration_live PRIVATE rtlduet_fake_llm nlohmann_json::nlohmann_json)
