# hostile: the catalogue of hostile inputs (tests/hostile/<group>/*.case) run through the built
# binary, all groups in one pool of threads (RTLDUET_HOSTILE_JOBS, default 2).
add_executable(integration_hostile
  integration/hostile_test.cpp
  hostile/runner/case_file.cpp
  hostile/runner/case_run.cpp
  hostile/runner/made_files.cpp
  hostile/runner/raw_server.cpp)
target_include_directories(integration_hostile PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(integration_hostile
  PRIVATE rtlduet_test_support rtlduet_fake_llm fmt::fmt rtlduet_warnings)
add_dependencies(integration_hostile rtlduet)
rtlduet_discover_tests(integration_hostile "hostile/" hostile)
