rtlduet_unit_test(stimulus
  unit/stimulus/generate_test.cpp
  unit/stimulus/guided_test.cpp)
