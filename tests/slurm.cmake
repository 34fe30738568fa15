# slurm: scripts/slurm on a real single-node Slurm that the test starts (as root) and stops:
# a 3-task array with a server per task, merged; a killed task resubmitted with --resume. The
# test skips itself (exit 77) when not root; CI (RTLDUET_REQUIRE_TOOLS=ON, as root) must run it.
find_program(SLURMCTLD_PROGRAM slurmctld PATHS /usr/sbin)
find_program(MUNGED_PROGRAM munged PATHS /usr/sbin)
if(RTLDUET_HAVE_SIMULATORS AND SLURMCTLD_PROGRAM AND MUNGED_PROGRAM)
  add_test(NAME slurm/array_eval_merge_and_resume
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/slurm/slurm_array_test.sh
                   $<TARGET_FILE:rtlduet> $<TARGET_FILE:fake_llm_server> ${PROJECT_SOURCE_DIR})
  set_tests_properties(slurm/array_eval_merge_and_resume PROPERTIES
    SKIP_RETURN_CODE 77 TIMEOUT 1200 LABELS "slurm;sim;slow")
elseif(RTLDUET_REQUIRE_TOOLS)
  message(FATAL_ERROR "slurm-wlm and munge are required (RTLDUET_REQUIRE_TOOLS=ON): "
                      "apt-get install slurm-wlm munge")
else()
  message(STATUS "slurmctld/munged not found: the Slurm test is left out")
endif()
