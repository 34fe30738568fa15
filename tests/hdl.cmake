rtlduet_unit_test(hdl
  unit/hdl/bits_test.cpp
  unit/hdl/forbidden_test.cpp
  unit/hdl/sources_test.cpp
  unit/hdl/synth_log_test.cpp
  unit/hdl/xml_test.cpp)

# Extraction and lint run Verilator, the synthesis check Yosys: a separate executable
# labelled 'sim'.
if(RTLDUET_HAVE_SIMULATORS)
  add_executable(unit_hdl_verilator unit/hdl/extract_test.cpp unit/hdl/lint_test.cpp
                 unit/hdl/synth_test.cpp)
  target_link_libraries(unit_hdl_verilator PRIVATE rtlduet::hdl rtlduet_test_support
                        rtlduet_warnings)
  rtlduet_discover_tests(unit_hdl_verilator "hdl/" sim)
endif()

# Not a test: checks extraction on a whole VerilogEval suite (scripts/check_extract.sh).
add_executable(extract_check tools/extract_check.cpp)
target_link_libraries(extract_check PRIVATE rtlduet::hdl rtlduet_warnings)
