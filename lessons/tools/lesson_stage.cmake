# lesson_stage.cmake — how every lesson stage builds; include() it from lessons/NN-name/CMakeLists.txt.
#
#   lesson_stage(NN [SANITIZE] SOURCES a.cpp b.cpp ... TESTS tests/x_test.cpp ...
#                [RUN arg ... EXPECT regex])
#
# builds lessonNN_core (the stage's pieces, shared by the program and the tests),
# the program lessonNN (main.cpp + core) and lessonNN_tests (GoogleTest, run on Linux
# once per engine: lessonNN.tests on epoll, lessonNN.tests.uring), labelled
# "lessonNN" and "lessons" (plus "sanitize" with SANITIZE: the ASan/UBSan and TSan
# builds then run them too). With RUN/EXPECT, lessonNN.program runs the program itself with
# those arguments and checks its output against the regex.

if(WIN32)
  # Same GoogleTest build as tests/CMakeLists.txt (which runs after lessons/ and reuses it).
  if(NOT TARGET gtest)
    add_subdirectory(/usr/src/googletest ${CMAKE_BINARY_DIR}/googletest EXCLUDE_FROM_ALL)
  endif()
  set(LESSON_GTEST gtest gtest_main)
else()
  find_package(GTest REQUIRED)
  set(LESSON_GTEST GTest::gtest GTest::gtest_main)
endif()

set(LESSON_TOOLS_DIR ${CMAKE_CURRENT_LIST_DIR})

function(lesson_stage nn)
  cmake_parse_arguments(ARG "SANITIZE" "EXPECT" "SOURCES;TESTS;RUN" ${ARGN})
  add_library(lesson${nn}_core STATIC ${ARG_SOURCES})
  target_include_directories(lesson${nn}_core PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
  target_link_libraries(lesson${nn}_core PUBLIC iocplab::platform)
  iocplab_warnings(lesson${nn}_core)

  add_executable(lesson${nn} main.cpp)
  target_link_libraries(lesson${nn} PRIVATE lesson${nn}_core)
  iocplab_warnings(lesson${nn})

  add_executable(lesson${nn}_tests ${ARG_TESTS})
  # The tests' loopback client (test_support.h) is shared by every stage: it is not part
  # of what a stage teaches, so it lives once, in lessons/tools/.
  target_include_directories(lesson${nn}_tests PRIVATE ${LESSON_TOOLS_DIR})
  target_link_libraries(lesson${nn}_tests PRIVATE lesson${nn}_core ${LESSON_GTEST})
  iocplab_warnings(lesson${nn}_tests)
  # One CTest test per stage binary (under Wine: one Wine start); --output-on-failure
  # shows which GoogleTest case failed.
  add_test(NAME lesson${nn}.tests COMMAND lesson${nn}_tests)
  set(labels lesson${nn} lessons)
  if(ARG_SANITIZE)
    list(APPEND labels sanitize)
  endif()
  set_tests_properties(lesson${nn}.tests PROPERTIES LABELS "${labels}" TIMEOUT 120)
  if(NOT WIN32)
    # The same tests on the second Linux engine (the first run uses the default, epoll).
    add_test(NAME lesson${nn}.tests.uring COMMAND lesson${nn}_tests)
    set_tests_properties(lesson${nn}.tests.uring PROPERTIES LABELS "${labels}" TIMEOUT 120
                         ENVIRONMENT "IOCPLAB_ENGINE=uring")
  endif()

  if(ARG_EXPECT)
    add_test(NAME lesson${nn}.program COMMAND lesson${nn} ${ARG_RUN})
    set_tests_properties(lesson${nn}.program PROPERTIES LABELS "lesson${nn};lessons" TIMEOUT 60
                         PASS_REGULAR_EXPRESSION "${ARG_EXPECT}")
  endif()
endfunction()
