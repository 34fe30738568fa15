# html: the html library's units, then report.html of score, eval and run loaded in a real
# headless chromium: it renders, fetches nothing (every request goes to a recording proxy) and
# shows summary.json's and report.json's numbers. A few runs and six page loads, about 30 s:
# "slow". Without chromium the browser test is left out with a message; CI
# (RTLDUET_REQUIRE_TOOLS=ON) requires it.
rtlduet_unit_test(html unit/html/html_test.cpp)

find_program(CHROMIUM_PROGRAM NAMES chromium chromium-browser)
if(RTLDUET_HAVE_SIMULATORS AND CHROMIUM_PROGRAM)
  add_executable(integration_html integration/html_test.cpp integration/html_browser.cpp)
  target_link_libraries(integration_html PRIVATE rtlduet_test_support rtlduet_fake_llm
                        nlohmann_json::nlohmann_json fmt::fmt rtlduet_warnings)
  target_compile_definitions(integration_html PRIVATE RTLDUET_CHROMIUM="${CHROMIUM_PROGRAM}")
  add_dependencies(integration_html rtlduet)
  rtlduet_discover_tests(integration_html "integration/html/" integration sim slow)
elseif(RTLDUET_REQUIRE_TOOLS)
  message(FATAL_ERROR "chromium is required to check report.html (RTLDUET_REQUIRE_TOOLS=ON): "
                      "apt-get install chromium")
else()
  message(STATUS "chromium not found: report.html is not checked in a browser")
endif()
