# client_libs.cmake — the client's libraries without SDL: core (wire + data models) and
# net (threads and sockets). Included by viz-client/CMakeLists.txt, and by
# tests/client in the sanitizer builds (IOCPLAB_TESTS_ONLY), which skip viz-client.
find_package(Threads REQUIRED)

add_library(iocplab_client_core STATIC
  ${CMAKE_CURRENT_LIST_DIR}/net/wire.cpp
  ${CMAKE_CURRENT_LIST_DIR}/model/packet_log.cpp
  ${CMAKE_CURRENT_LIST_DIR}/model/world_state.cpp
  ${CMAKE_CURRENT_LIST_DIR}/model/telemetry_timeline.cpp
  ${CMAKE_CURRENT_LIST_DIR}/model/reassembly_record.cpp
  ${CMAKE_CURRENT_LIST_DIR}/model/trace_export.cpp
  ${CMAKE_CURRENT_LIST_DIR}/model/lesson_catalog.cpp
  ${CMAKE_CURRENT_LIST_DIR}/model/markdown.cpp
  ${CMAKE_CURRENT_LIST_DIR}/model/label_layout.cpp
  ${CMAKE_CURRENT_LIST_DIR}/model/step_view.cpp
  ${CMAKE_CURRENT_LIST_DIR}/model/flow_model.cpp
  ${CMAKE_CURRENT_LIST_DIR}/model/state_dump.cpp)
target_include_directories(iocplab_client_core PUBLIC ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(iocplab_client_core PUBLIC iocplab::protocol)
iocplab_warnings(iocplab_client_core)

add_library(iocplab_client_net STATIC
  ${CMAKE_CURRENT_LIST_DIR}/net/socket_util.cpp
  ${CMAKE_CURRENT_LIST_DIR}/net/waker.cpp
  ${CMAKE_CURRENT_LIST_DIR}/net/connection.cpp
  ${CMAKE_CURRENT_LIST_DIR}/net/bot_swarm.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lessons/child_process.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lessons/lesson_probe.cpp)
# The lesson runner's process half: one twin per platform (child_process.h says which).
if(WIN32)
  target_sources(iocplab_client_net PRIVATE ${CMAKE_CURRENT_LIST_DIR}/lessons/child_process_win.cpp)
  target_link_libraries(iocplab_client_net PUBLIC ws2_32)  # socket_util.cpp, lesson_probe.cpp
else()
  target_sources(iocplab_client_net PRIVATE ${CMAKE_CURRENT_LIST_DIR}/lessons/child_process_posix.cpp)
endif()
target_link_libraries(iocplab_client_net PUBLIC iocplab_client_core Threads::Threads)
# Stage 17's store-stall probe locks the stage's SQLite file: only where SQLite3 is found.
find_package(SQLite3 QUIET)
if(SQLite3_FOUND)
  target_sources(iocplab_client_net PRIVATE ${CMAKE_CURRENT_LIST_DIR}/lessons/store_stall_probe.cpp)
  target_link_libraries(iocplab_client_net PUBLIC SQLite::SQLite3)
  target_compile_definitions(iocplab_client_net PUBLIC IOCPLAB_CLIENT_SQLITE=1)
endif()
iocplab_warnings(iocplab_client_net)

