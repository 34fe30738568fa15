# llm: code extraction, chat client, cache (unit); the fake endpoint and the client over loopback
# (integration).
rtlduet_unit_test(llm
  unit/llm/extract_test.cpp
  unit/llm/chat_client_test.cpp
  unit/llm/endpoint_pool_test.cpp
  unit/llm/cache_test.cpp
  unit/llm/wire_test.cpp)
target_link_libraries(unit_llm PRIVATE nlohmann_json::nlohmann_json)

# The fake OpenAI-compatible endpoint: a library for in-process tests, a program for tests and
# benchmarks that run the rtlduet binary (its path: FAKE_LLM_SERVER_BIN).
add_library(rtlduet_fake_llm STATIC
  fake_llm/script.cpp fake_llm/emulation.cpp fake_llm/fake_llm_server.cpp
  fake_llm/sse_events.cpp)
target_include_directories(rtlduet_fake_llm PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(rtlduet_fake_llm
  PUBLIC rtlduet::util nlohmann_json::nlohmann_json
  PRIVATE httplib::httplib rtlduet_warnings)
add_executable(fake_llm_server fake_llm/main.cpp)
target_link_libraries(fake_llm_server PRIVATE rtlduet_fake_llm rtlduet_warnings)

# The client over loopback against the fake endpoint (real libcurl, real clock, short delays).
rtlduet_integration_test(llm
  fake_llm/loopback_test.cpp
  fake_llm/concurrency_test.cpp
  fake_llm/server_program_test.cpp
  fake_llm/doctor_endpoint_test.cpp
  fake_llm/discovery_test.cpp)
target_link_libraries(integration_llm PRIVATE rtlduet_fake_llm rtlduet::llm)
target_compile_definitions(integration_llm PRIVATE
  FAKE_LLM_SERVER_BIN="$<TARGET_FILE:fake_llm_server>")
add_dependencies(integration_llm fake_llm_server)
