rtlduet_unit_test(bench
  unit/bench/regress_test.cpp)

rtlduet_integration_test(regress integration/regress_test.cpp)
