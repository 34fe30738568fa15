rtlduet_unit_test(hdl
  unit/hdl/bits_test.cpp)
