# sim: pure unit tests (traces, harness text, comparison), then the tests that run the
# simulators and Python (label "sim"): backends, the model runner and the library pipeline.
rtlduet_unit_test(sim
  unit/sim/build_cache_test.cpp
  unit/sim/compare_test.cpp
  unit/sim/coverage_test.cpp
  unit/sim/group_commit_test.cpp
  unit/sim/harness_test.cpp
  unit/sim/waveform_test.cpp)

if(RTLDUET_HAVE_SIMULATORS)
  add_executable(sim_tools_test
    unit/sim/backends_test.cpp
    unit/sim/crosscheck_test.cpp
    unit/sim/fast_build_test.cpp
    unit/sim/model_runner_test.cpp)
  target_link_libraries(sim_tools_test PRIVATE rtlduet::sim rtlduet_test_support rtlduet_warnings)
  # The Verilator runtime cache of the fast-build tests: built once per build tree.
  target_compile_definitions(sim_tools_test
                             PRIVATE RTLDUET_TEST_CACHE_DIR="${CMAKE_BINARY_DIR}/test-cache")
  rtlduet_discover_tests(sim_tools_test "sim/" sim)
endif()
