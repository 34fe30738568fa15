# pool: the endpoint pool through the binary, against several fake_llm_server processes (spread
# by slots, one killed, one brought back, all down, doctor), and `--shard auto` from scheduler
# variables. They run eval with the official testbenches (Icarus): labelled "sim" and "slow".
if(RTLDUET_HAVE_SIMULATORS)
  add_executable(integration_pool integration/pool_test.cpp integration/shard_auto_test.cpp)
  target_link_libraries(integration_pool
    PRIVATE rtlduet_test_support nlohmann_json::nlohmann_json rtlduet_warnings)
  target_compile_definitions(integration_pool PRIVATE
    FAKE_LLM_SERVER_BIN="$<TARGET_FILE:fake_llm_server>")
  add_dependencies(integration_pool rtlduet fake_llm_server)
  rtlduet_discover_tests(integration_pool "integration/pool/" integration sim slow pool)
endif()
