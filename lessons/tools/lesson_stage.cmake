# lesson_stage.cmake — how every lesson stage builds; include() it from lessons/NN-name/CMakeLists.txt.
#
#   lesson_stage(NN [SANITIZE [TSAN_BUG]] SOURCES a.cpp b.cpp ... TESTS tests/x_test.cpp ...
#                [EXERCISE tests/exercise_test.cpp] [RUN arg ... EXPECT regex])
#
# TESTS may name an earlier stage's file that this stage runs unchanged, instead of a copy
# (../17-database-thread/tests/store_test.cpp): it still includes this stage's server.h.
#
# builds lessonNN_core (the stage's pieces, shared by the program and the tests),
# the program lessonNN (main.cpp + core) and lessonNN_tests (GoogleTest, run on Linux
# once per engine: lessonNN.tests on epoll, lessonNN.tests.uring), labelled
# "lessonNN" and "lessons" (plus "sanitize" with SANITIZE: the ASan/UBSan and TSan
# builds then run them too). With RUN/EXPECT, lessonNN.program runs the program itself with
# those arguments and checks its output against the regex.
#
# Checked exercise (EXERCISE): the student edits the files in exercise/ (start files, added
# to the stage's sources) or the stage's own sources; solution/ holds the solved files (a
# file there replaces the same-named stage or exercise file) and/or solution/solution.patch
# (applied to a copy of the stage's sources, like the planted bug). Two builds of the check:
#   lessonNN_exercise        stage + solution/  -> CTest lessonNN.exercise (must pass)
#   lessonNN_exercise_start  stage + exercise/  -> CTest lessonNN.exercise.start (Linux): passes
#                            only while the check FAILS on the unsolved start, proving it bites.
# `./lab lesson NN --check` builds and runs lessonNN_exercise_start: the student's own files.
#
# Planted bug (stages 05+, Linux): bug/planted.patch is applied to a copy of the stage's
# sources (tools/apply_patch.py, at build time) to build lessonNN_bug (the buggy program,
# `./lab lesson NN --bug`) and lessonNN_bug_tests (the stage's TESTS on the buggy core).
# CTest lessonNN.bug passes only when those tests FAIL (tools/expect_failure.cmake).
# TSAN_BUG (a data-race bug, stage 15): lessonNN.bug is labelled sanitize too, and runs with
# TSAN_OPTIONS=halt_on_error=1:exitcode=66, so under TSan the race report is the catch; it runs
# alone (RUN_SERIAL), since without TSan lost updates need both cores at once.
#
# Sanitizer builds (IOCPLAB_TESTS_ONLY) build the stage, its tests and a TSAN_BUG variant
# only: the exercise and the other planted bugs check the course, not memory or thread
# safety, and run in the main build (they were 220 of the 484 compiles of each sanitizer build).

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
  cmake_parse_arguments(ARG "SANITIZE;TSAN_BUG" "EXPECT;EXERCISE" "SOURCES;TESTS;RUN" ${ARGN})
  add_library(lesson${nn}_core STATIC ${ARG_SOURCES})
  # tools/: stage_console.h (flags, Ctrl+C), shared by the programs and taught by no stage.
  target_include_directories(lesson${nn}_core PUBLIC ${CMAKE_CURRENT_SOURCE_DIR} ${LESSON_TOOLS_DIR})
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
  if(ARG_EXERCISE AND NOT IOCPLAB_TESTS_ONLY)
    lesson_exercise(${nn} "${ARG_SOURCES}" ${ARG_EXERCISE} "${labels}")
  endif()
  if(NOT WIN32 AND EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/bug/planted.patch
     AND (ARG_TSAN_BUG OR NOT IOCPLAB_TESTS_ONLY))
    lesson_planted_bug(${nn} "${ARG_SOURCES}" "${ARG_TESTS}" "${labels}")
    if(ARG_TSAN_BUG AND TARGET lesson${nn}_bug_tests)
      # RUN_SERIAL: without TSan the race shows as lost updates only while both threads truly
      # run at once, which needs both cores; beside other tests it once lost none.
      set_tests_properties(lesson${nn}.bug PROPERTIES LABELS "${labels}" RUN_SERIAL ON
                           ENVIRONMENT "TSAN_OPTIONS=halt_on_error=1:exitcode=66")
    endif()
  endif()
endfunction()

# Copies the stage's *.cpp/*.h into OUT with PATCH applied (at build time); sets
# ${var} to the list of copies so targets can depend on them.
# With --lenient a patch that no longer fits leaves the file as it is (a warning in the
# build log): a student's edit never breaks the build; lessonNN.bug or lessonNN.exercise
# then fails and says why.
function(lesson_patched_copy var patch out)
  find_package(Python3 COMPONENTS Interpreter REQUIRED)
  set(dir ${CMAKE_CURRENT_SOURCE_DIR})
  file(GLOB files CONFIGURE_DEPENDS RELATIVE ${dir} ${dir}/*.cpp ${dir}/*.h)
  list(TRANSFORM files PREPEND ${out}/ OUTPUT_VARIABLE copies)
  list(TRANSFORM files PREPEND ${dir}/ OUTPUT_VARIABLE originals)
  add_custom_command(OUTPUT ${copies}
    COMMAND Python3::Interpreter ${LESSON_TOOLS_DIR}/apply_patch.py ${ARGN} ${patch} ${dir} ${out} ${files}
    DEPENDS ${originals} ${patch} ${LESSON_TOOLS_DIR}/apply_patch.py
    COMMENT "lesson: applying ${patch} to a copy of the stage's sources")
  set(${var} ${copies} PARENT_SCOPE)
endfunction()

# The exercise's check, built twice: on the solution and on the start (see the top).
function(lesson_exercise nn sources test labels)
  set(dir ${CMAKE_CURRENT_SOURCE_DIR})
  file(GLOB start_files CONFIGURE_DEPENDS RELATIVE ${dir} ${dir}/exercise/*.cpp)
  set(base_dir ${dir})  # where the solved build takes the stage's own sources from
  if(EXISTS ${dir}/solution/solution.patch)
    set(base_dir ${CMAKE_CURRENT_BINARY_DIR}/solution-src)
    lesson_patched_copy(copies ${dir}/solution/solution.patch ${base_dir} --lenient)
  endif()
  set(solved)
  foreach(f ${sources} ${start_files})
    get_filename_component(base ${f} NAME)
    if(EXISTS ${dir}/solution/${base})
      list(APPEND solved ${dir}/solution/${base})
    elseif(f IN_LIST sources)
      list(APPEND solved ${base_dir}/${f})
    else()
      list(APPEND solved ${dir}/${f})
    endif()
  endforeach()
  file(GLOB solution_only CONFIGURE_DEPENDS ${dir}/solution/*.cpp)
  list(APPEND solved ${solution_only})
  list(REMOVE_DUPLICATES solved)

  add_executable(lesson${nn}_exercise ${solved} ${test})
  target_include_directories(lesson${nn}_exercise BEFORE PRIVATE ${dir}/solution ${dir}/exercise ${base_dir}
                             ${dir} ${LESSON_TOOLS_DIR})
  target_link_libraries(lesson${nn}_exercise PRIVATE iocplab::platform ${LESSON_GTEST})
  iocplab_warnings(lesson${nn}_exercise)
  add_test(NAME lesson${nn}.exercise COMMAND lesson${nn}_exercise)
  set_tests_properties(lesson${nn}.exercise PROPERTIES LABELS "${labels}" TIMEOUT 120)
  if(WIN32)
    return()
  endif()
  add_executable(lesson${nn}_exercise_start ${sources} ${start_files} ${test})
  target_include_directories(lesson${nn}_exercise_start BEFORE PRIVATE ${dir}/exercise ${dir} ${LESSON_TOOLS_DIR})
  target_link_libraries(lesson${nn}_exercise_start PRIVATE iocplab::platform ${LESSON_GTEST})
  # The start is unfinished on purpose: unused parameters and the like are expected there.
  target_compile_options(lesson${nn}_exercise_start PRIVATE -Wno-unused-parameter -Wno-unused-variable)
  add_test(NAME lesson${nn}.exercise.start
           COMMAND ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:lesson${nn}_exercise_start>
                   "-DWHAT=stage ${nn}: the exercise check on the unsolved start in exercise/ (if you solved it, that is why)"
                   -P ${LESSON_TOOLS_DIR}/expect_failure.cmake)
  set_tests_properties(lesson${nn}.exercise.start PROPERTIES LABELS "lesson${nn};lessons" TIMEOUT 120)
endfunction()

# The planted-bug variant (see the top).
function(lesson_planted_bug nn sources tests labels)
  find_package(Python3 COMPONENTS Interpreter)
  if(NOT Python3_FOUND)
    message(STATUS "lesson${nn}_bug skipped: it needs python3 (tools/apply_patch.py)")
    return()
  endif()
  set(dir ${CMAKE_CURRENT_SOURCE_DIR})
  set(out ${CMAKE_CURRENT_BINARY_DIR}/bug-src)
  lesson_patched_copy(copies ${dir}/bug/planted.patch ${out} --lenient)
  list(TRANSFORM sources PREPEND ${out}/ OUTPUT_VARIABLE bug_sources)

  add_library(lesson${nn}_bug_core STATIC ${bug_sources})
  target_include_directories(lesson${nn}_bug_core PUBLIC ${out} ${LESSON_TOOLS_DIR})
  target_link_libraries(lesson${nn}_bug_core PUBLIC iocplab::platform)
  add_executable(lesson${nn}_bug ${out}/main.cpp)
  target_link_libraries(lesson${nn}_bug PRIVATE lesson${nn}_bug_core)
  add_executable(lesson${nn}_bug_tests ${tests})
  target_include_directories(lesson${nn}_bug_tests BEFORE PRIVATE ${out} ${LESSON_TOOLS_DIR})
  target_link_libraries(lesson${nn}_bug_tests PRIVATE lesson${nn}_bug_core ${LESSON_GTEST})
  add_test(NAME lesson${nn}.bug
           COMMAND ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:lesson${nn}_bug_tests>
                   "-DWHAT=stage ${nn}: the planted bug (bug/planted.patch)"
                   -P ${LESSON_TOOLS_DIR}/expect_failure.cmake)
  set_tests_properties(lesson${nn}.bug PROPERTIES LABELS "lesson${nn};lessons" TIMEOUT 150)
endfunction()

# lesson_store_libraries(var): what a stage with the accounts store (database-thread on) links, in ${var}:
# SQLite and libsodium; or, in the MinGW cross build, where Debian has neither, the store double
# (tools/store_double/: the same calls over a plain file, and NOT a password hash; see its
# sqlite3.h), so that the stage's IOCP side still runs under Wine. Empty: leave the stage out.
function(lesson_store_libraries var)
  find_package(SQLite3 QUIET)
  if(SQLite3_FOUND)
    iocplab_find_sodium()  # cmake/Dependencies.cmake
    set(${var} SQLite::SQLite3 iocplab::sodium PARENT_SCOPE)
  elseif(MINGW)
    lesson_store_double()
    set(${var} lesson_store_double PARENT_SCOPE)
  else()
    set(${var} "" PARENT_SCOPE)
  endif()
endfunction()

function(lesson_store_double)
  if(NOT TARGET lesson_store_double)
    add_library(lesson_store_double STATIC ${LESSON_TOOLS_DIR}/store_double/store_double.cpp)
    target_include_directories(lesson_store_double PUBLIC ${LESSON_TOOLS_DIR}/store_double)
    iocplab_warnings(lesson_store_double)
  endif()
endfunction()
