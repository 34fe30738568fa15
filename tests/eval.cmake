# eval: results files, shards and merging (unit, in unit_bench from bench.cmake), then
# `rtlduet eval` and `rtlduet merge` through the binary against the scripted endpoint on
# rtlduet-mini problems. They run the flow and the official testbenches (Icarus), a few seconds
# each: labelled "sim" and "slow".
target_sources(unit_bench PRIVATE unit/bench/eval_results_test.cpp)

if(RTLDUET_HAVE_SIMULATORS)
  add_executable(integration_eval integration/eval_test.cpp)
  target_link_libraries(integration_eval
    PRIVATE rtlduet_test_support rtlduet_fake_llm nlohmann_json::nlohmann_json rtlduet_warnings)
  add_dependencies(integration_eval rtlduet)
  rtlduet_discover_tests(integration_eval "integration/eval/" integration sim slow)
endif()
