rtlduet_unit_test(flow
  unit/flow/prompt_test.cpp)
