# llm: code extraction, chat client, cache (unit); the fake endpoint and the client over loopback
# (integration).
rtlduet_unit_test(llm
  unit/llm/extract_test.cpp
  unit/llm/chat_client_test.cpp
  unit/llm/cache_test.cpp
  unit/llm/wire_test.cpp)
target_link_libraries(unit_llm PRIVATE nlohmann_json::nlohmann_json)
