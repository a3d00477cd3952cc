# The Windows cross-build, driven from the Linux build (see docs/WINDOWS.md).
# Included by the root CMakeLists.txt when IOCPLAB_WINDOWS is ON. It builds this same
# source tree with cmake/toolchain-mingw64.cmake into ${CMAKE_BINARY_DIR}/windows as part
# of the normal build, and registers CTest tests that run those .exe files under Wine:
#   wine.prefix       creates the Wine prefix once (fixture for the others)
#   conformance.wine  the platform conformance suite against the real IOCP
#   net.wine          the framework's tests (tests/net) against the real IOCP
#   lessonNN.wine     the cross build's tests labelled lessonNN (03 on, one per stage folder), when it has any
#   stress.wine       the stress tool's unit tests; stress.wine.e2e its bots against the server
#   windows.compile   every Windows-meant source compiled for Windows (-fsyntax-only)
if(IOCPLAB_SANITIZE)
  return()  # sanitizer builds test the Linux side only
endif()

set(IOCPLAB_WINDOWS_JOBS 2 CACHE STRING "Parallel jobs for the Windows cross-build and windows.compile")
find_program(IOCPLAB_MINGW_CXX x86_64-w64-mingw32-g++-posix)

# windows.compile: every source of server/, viz-client/, tools/ and bench/ meant for
# Windows, compiled for Windows with MinGW-w64 against Debian's portable headers
# (cmake/windows_compile.py; its LINUX_ONLY list names the Linux-only sources and why).
# Needs only the compiler, not Wine.
find_package(Python3 COMPONENTS Interpreter)
if(IOCPLAB_MINGW_CXX AND Python3_Interpreter_FOUND)
  add_test(NAME windows.compile
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/cmake/windows_compile.py
            --compile-commands ${CMAKE_BINARY_DIR}/compile_commands.json
            --source-dir ${CMAKE_SOURCE_DIR} --work-dir ${CMAKE_BINARY_DIR}/windows-compile
            --compiler ${IOCPLAB_MINGW_CXX} --jobs ${IOCPLAB_WINDOWS_JOBS})
  set_tests_properties(windows.compile PROPERTIES LABELS windows TIMEOUT 1200 PROCESSORS ${IOCPLAB_WINDOWS_JOBS})
endif()

find_program(IOCPLAB_WINE wine)
find_program(IOCPLAB_WINEBOOT wineboot)
if(NOT IOCPLAB_MINGW_CXX OR NOT IOCPLAB_WINE OR NOT IOCPLAB_WINEBOOT)
  message(STATUS "Windows cross-build skipped: it needs x86_64-w64-mingw32-g++-posix "
                 "(package mingw-w64) and wine, wineboot (package wine). "
                 "Configure with -DIOCPLAB_WINDOWS=OFF to silence this.")
  return()
endif()

include(ExternalProject)
set(iocplab_win_dir ${CMAKE_BINARY_DIR}/windows)

# Quiet: its output goes to log files, shown only when a step fails.
ExternalProject_Add(iocplab_windows
  SOURCE_DIR ${CMAKE_SOURCE_DIR}
  BINARY_DIR ${iocplab_win_dir}
  PREFIX ${CMAKE_BINARY_DIR}/windows-ep
  CMAKE_GENERATOR ${CMAKE_GENERATOR}
  CMAKE_ARGS
    -DCMAKE_TOOLCHAIN_FILE=${CMAKE_SOURCE_DIR}/cmake/toolchain-mingw64.cmake
    -DCMAKE_BUILD_TYPE=${CMAKE_BUILD_TYPE}
  BUILD_COMMAND ${CMAKE_COMMAND} --build <BINARY_DIR> -j ${IOCPLAB_WINDOWS_JOBS}
  INSTALL_COMMAND ""
  BUILD_ALWAYS ON
  LOG_CONFIGURE ON
  LOG_BUILD ON
  LOG_OUTPUT_ON_FAILURE ON)

# The prefix is made once per test run (wineboot takes ~5-30 s); every other Wine test
# needs it, so parallel tests never race to create it.
# wineboot -i (re)starts Wine's own processes, which would hold the test's output open
# until the wineserver ends: its output goes to a log file instead.
add_test(NAME wine.prefix COMMAND sh -c
  "\"$0\" wineboot.exe -i </dev/null >\"$1\" 2>&1 || { cat \"$1\" >&2; echo 'wineboot -i failed' >&2; exit 1; }"
  ${iocplab_win_dir}/wine-run ${iocplab_win_dir}/wineboot.log)
set_tests_properties(wine.prefix PROPERTIES FIXTURES_SETUP wine.prefix LABELS wine TIMEOUT 180)

add_test(NAME conformance.wine
  COMMAND ${iocplab_win_dir}/wine-run ${iocplab_win_dir}/bin/conformance.exe)
set_tests_properties(conformance.wine PROPERTIES
  FIXTURES_REQUIRED wine.prefix LABELS "platform;wine" TIMEOUT 600)

# net.wine: server/net's tests on the real IOCP; skips only where Wine departs from
# documented Windows, each with its reason (see tests/net).
add_test(NAME net.wine
  COMMAND ${iocplab_win_dir}/wine-run ${iocplab_win_dir}/bin/net_tests.exe)
set_tests_properties(net.wine PROPERTIES
  FIXTURES_REQUIRED wine.prefix LABELS "net;wine" TIMEOUT 600)

# stress.wine: the stress tool's unit tests as a Windows program; stress.wine.e2e: the
# Windows iocplab-stress (bots on WSAPoll) under Wine against this build's Linux server.
add_test(NAME stress.wine
  COMMAND ${iocplab_win_dir}/wine-run ${iocplab_win_dir}/bin/stress_unit_tests.exe)
set_tests_properties(stress.wine PROPERTIES
  FIXTURES_REQUIRED wine.prefix LABELS "stress;wine" TIMEOUT 300)
if(TARGET iocplab-server AND Python3_Interpreter_FOUND)
  add_test(NAME stress.wine.e2e
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/cmake/wine_stress_e2e.py
            $<TARGET_FILE:iocplab-server> ${iocplab_win_dir}/wine-run ${iocplab_win_dir}/bin/iocplab-stress.exe 100)
  set_tests_properties(stress.wine.e2e PROPERTIES
    FIXTURES_REQUIRED wine.prefix LABELS "stress;wine" TIMEOUT 300)
endif()

# lessonNN.wine: which lessons have Windows tests is known only once the cross build is
# configured, so ctest asks it (ctest --print-labels) each time it loads this directory.
set(iocplab_lesson_tests ${CMAKE_BINARY_DIR}/windows-lesson-tests.cmake)
# The stages run under Wine from 03 on (01-02 make no sockets): taken from the stage folders.
file(GLOB iocplab_stage_dirs RELATIVE ${CMAKE_SOURCE_DIR}/lessons LIST_DIRECTORIES true
     ${CMAKE_SOURCE_DIR}/lessons/[0-9][0-9]-*)
set(iocplab_wine_stages)
foreach(dir ${iocplab_stage_dirs})
  string(SUBSTRING ${dir} 0 2 nn)
  if(nn GREATER_EQUAL 3 AND EXISTS ${CMAKE_SOURCE_DIR}/lessons/${dir}/CMakeLists.txt)
    list(APPEND iocplab_wine_stages ${nn})
  endif()
endforeach()
list(SORT iocplab_wine_stages)
list(JOIN iocplab_wine_stages " " iocplab_wine_stages)
file(WRITE ${iocplab_lesson_tests}
"# Generated by cmake/WindowsBuild.cmake: registers lessonNN.wine for each label lessonNN
# that the Windows cross-build's tests carry.
if(EXISTS \"${iocplab_win_dir}/CTestTestfile.cmake\")
  execute_process(COMMAND \"${CMAKE_CTEST_COMMAND}\" --test-dir \"${iocplab_win_dir}\" --print-labels
                  OUTPUT_VARIABLE labels RESULT_VARIABLE rc TIMEOUT 60)
  foreach(stage ${iocplab_wine_stages})
    if(rc EQUAL 0 AND labels MATCHES \"(^|\\n) *lesson\${stage} *(\\n|$)\")
      add_test(lesson\${stage}.wine \"${CMAKE_CTEST_COMMAND}\" --test-dir \"${iocplab_win_dir}\"
               -L \"^lesson\${stage}$\" --output-on-failure --no-tests=error)
      set_tests_properties(lesson\${stage}.wine PROPERTIES FIXTURES_REQUIRED wine.prefix
                           LABELS \"wine;lesson\${stage}\" TIMEOUT 600)
    endif()
  endforeach()
endif()
")
set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES ${iocplab_lesson_tests})
