# expect_failure.cmake — passes when a program FAILS (a planted bug caught, an unsolved
# exercise rejected); fails, saying why, when it passes.
#   cmake -DPROGRAM=path -DWHAT="text" [-DENGINE=uring] -P expect_failure.cmake
if(NOT EXISTS "${PROGRAM}")
  message(FATAL_ERROR "${WHAT}: ${PROGRAM} does not exist (not built?): nothing ran, so nothing was caught.")
endif()
if(ENGINE)
  set(ENV{IOCPLAB_ENGINE} ${ENGINE})
endif()
execute_process(COMMAND ${PROGRAM} --gtest_brief=1 RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err
                TIMEOUT 110)
if(rc EQUAL 0)
  message(FATAL_ERROR "${WHAT}: every test PASSED, so nothing caught it.\n${out}${err}")
endif()
string(REGEX MATCHALL "\\[  FAILED  \\] [A-Za-z0-9_./]+" failed "${out}")
# A program that never reached a test (no runner, a crash at start-up, a bad library) failed,
# but no test caught anything: a caught bug names at least one failed test case.
# Under ThreadSanitizer with halt_on_error=1 (TSAN_BUG) the first race ends the program
# before a test can fail: the report itself is the catch.
if(NOT failed AND rc EQUAL 66 AND err MATCHES "WARNING: ThreadSanitizer: data race")
  message(STATUS "${WHAT}: caught (exit 66) by ThreadSanitizer: a data race reported")
  return()
endif()
if(NOT failed)
  message(FATAL_ERROR "${WHAT}: the program failed (exit ${rc}) without any test failing: not caught.\n${out}${err}")
endif()
list(REMOVE_DUPLICATES failed)
string(REPLACE "[  FAILED  ] " "" failed "${failed}")
message(STATUS "${WHAT}: caught (exit ${rc}) by: ${failed}")
