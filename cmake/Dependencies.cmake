# Dependencies.cmake — every third-party library, found in one place and the same way on
# both systems: pkg-config where it has a module (Debian), else the library's CMake package
# (vcpkg's configs on Windows, see vcpkg.json). Nothing is ever downloaded by the build.
#
#   iocplab_find_gtest()       GTest::gtest, GTest::gtest_main (and the plain names gtest,
#                              gtest_main that the Windows branches of lessons/ and tests/ use)
#   iocplab_find_sodium()      iocplab::sodium
#   iocplab_find_sdl2()        iocplab::sdl2 (with SDL2main on Windows)
#   iocplab_find_imgui()       iocplab_imgui: Dear ImGui + its SDL2 and SDL_Renderer backends
#   iocplab_find_stb()         iocplab::stb: stb_image / stb_image_write, implementation included
#   iocplab_find_asio()        iocplab::asio (standalone, header-only)
# SQLite is CMake's own FindSQLite3 on both systems (find_package(SQLite3), SQLite::SQLite3).
include_guard(GLOBAL)
find_package(PkgConfig QUIET)

# pkg_check_modules when pkg-config is there and knows the module; sets <prefix>_FOUND.
# Not on Windows: a pkg-config found on PATH there (Strawberry Perl brings one) would read
# vcpkg's .pc files without their debug/release split; vcpkg's CMake packages are the way.
macro(iocplab_pkg prefix module)
  set(${prefix}_FOUND FALSE)
  if(PKG_CONFIG_FOUND AND NOT WIN32)
    pkg_check_modules(${prefix} QUIET IMPORTED_TARGET GLOBAL ${module})
  endif()
endmacro()

function(iocplab_find_gtest)
  if(TARGET GTest::gtest)
    return()
  endif()
  if(WIN32 AND CMAKE_CROSSCOMPILING)
    return()  # the MinGW build compiles Debian's googletest sources (tests/CMakeLists.txt)
  endif()
  find_package(GTest REQUIRED GLOBAL)
  if(WIN32 AND NOT TARGET gtest)
    add_library(gtest INTERFACE)
    target_link_libraries(gtest INTERFACE GTest::gtest)
    add_library(gtest_main INTERFACE)
    target_link_libraries(gtest_main INTERFACE GTest::gtest_main)
  endif()
endfunction()

function(iocplab_find_sodium)
  if(TARGET iocplab::sodium)
    return()
  endif()
  add_library(iocplab_sodium INTERFACE)
  iocplab_pkg(SODIUM libsodium)
  if(SODIUM_FOUND)
    target_link_libraries(iocplab_sodium INTERFACE PkgConfig::SODIUM)
  else()
    find_package(unofficial-sodium CONFIG REQUIRED GLOBAL)
    target_link_libraries(iocplab_sodium INTERFACE unofficial-sodium::sodium)
  endif()
  add_library(iocplab::sodium ALIAS iocplab_sodium)
endfunction()

function(iocplab_find_sdl2)
  if(TARGET iocplab::sdl2)
    return()
  endif()
  add_library(iocplab_sdl2 INTERFACE)
  iocplab_pkg(SDL2 sdl2)
  if(SDL2_FOUND)
    target_link_libraries(iocplab_sdl2 INTERFACE PkgConfig::SDL2)
  else()
    find_package(SDL2 CONFIG REQUIRED GLOBAL)
    # SDL2main turns main() into the Windows entry point; SDL2::SDL2 is the DLL's import library.
    target_link_libraries(iocplab_sdl2 INTERFACE $<TARGET_NAME_IF_EXISTS:SDL2::SDL2main> SDL2::SDL2)
  endif()
  add_library(iocplab::sdl2 ALIAS iocplab_sdl2)
endfunction()

function(iocplab_find_stb)
  if(TARGET iocplab::stb)
    return()
  endif()
  find_library(IOCPLAB_STB_LIB NAMES stb)  # Debian's libstb holds the implementations
  find_path(IOCPLAB_STB_INCLUDE stb_image_write.h PATH_SUFFIXES stb REQUIRED)
  if(IOCPLAB_STB_LIB)
    add_library(iocplab_stb INTERFACE)
    target_link_libraries(iocplab_stb INTERFACE ${IOCPLAB_STB_LIB})
    target_include_directories(iocplab_stb INTERFACE ${IOCPLAB_STB_INCLUDE})
  else()  # header-only stb (vcpkg): compile the implementations once
    add_library(iocplab_stb STATIC ${PROJECT_SOURCE_DIR}/viz-client/app/stb_impl.cpp)
    target_include_directories(iocplab_stb PUBLIC ${IOCPLAB_STB_INCLUDE})
  endif()
  add_library(iocplab::stb ALIAS iocplab_stb)
endfunction()

function(iocplab_find_imgui)
  if(TARGET iocplab_imgui)
    return()
  endif()
  iocplab_find_sdl2()
  iocplab_find_stb()
  find_package(imgui CONFIG QUIET GLOBAL)  # vcpkg: imgui[sdl2-binding,sdl2-renderer-binding]
  if(TARGET imgui::imgui)
    add_library(iocplab_imgui INTERFACE)
    target_link_libraries(iocplab_imgui INTERFACE imgui::imgui iocplab::sdl2 iocplab::stb)
    return()
  endif()
  # Debian ships the core as libimgui.a; the SDL2 and SDL_Renderer backends come as
  # sources, compiled once here.
  set(backends /usr/share/doc/libimgui-dev/examples/backends)
  find_library(IOCPLAB_IMGUI_LIB NAMES libimgui.a imgui REQUIRED)
  find_path(IOCPLAB_IMGUI_INCLUDE imgui.h PATH_SUFFIXES imgui REQUIRED)
  add_library(iocplab_imgui STATIC ${backends}/imgui_impl_sdl.cpp ${backends}/imgui_impl_sdlrenderer.cpp)
  target_include_directories(iocplab_imgui PUBLIC ${IOCPLAB_IMGUI_INCLUDE} ${IOCPLAB_IMGUI_INCLUDE}/backends)
  target_link_libraries(iocplab_imgui PUBLIC ${IOCPLAB_IMGUI_LIB} iocplab::stb iocplab::sdl2)
endfunction()

function(iocplab_find_asio)
  if(TARGET iocplab::asio)
    return()
  endif()
  find_package(Threads REQUIRED)
  find_path(IOCPLAB_ASIO_INCLUDE asio.hpp REQUIRED)  # /usr/include, or vcpkg's include dir
  add_library(iocplab_asio INTERFACE)
  target_include_directories(iocplab_asio INTERFACE ${IOCPLAB_ASIO_INCLUDE})
  target_link_libraries(iocplab_asio INTERFACE Threads::Threads)
  if(WIN32)
    target_link_libraries(iocplab_asio INTERFACE ws2_32 mswsock)
  endif()
  add_library(iocplab::asio ALIAS iocplab_asio)
endfunction()
