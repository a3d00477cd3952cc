// Stage 03 — the accept thread.
//
// The server skeleton in the order it is built: the completion port, the worker threads,
// then a listening socket and an accept thread that takes every new client in. There is
// nowhere to keep a client yet, so each one is logged and closed (stage 04 gives it a place).
#include <cstdio>

#include "server.h"
#include "stage_console.h"

constexpr long kDefaultPort = 9003;  // 9000 + the stage number: `./lab send 03 hello` finds it

int main(int argc, char** argv) {
  ServerConfig config;
  config.port = (uint16_t)flag(argc, argv, "--port", kDefaultPort);
  config.workers = (int)flag(argc, argv, "--workers", 0);
  config.log = print_line;

  Server server;
  if (!server.start(config)) {
    std::fprintf(stderr, "could not start the server (error %d)\n", WSAGetLastError());
    return 1;
  }
  std::printf("listening on %u\n", (unsigned)server.port());
  std::printf("try: ./lab send 03 hello   (stop: Ctrl+C, or type quit here)\n");
  std::fflush(stdout);
  wait_for_stop(flag(argc, argv, "--exit-after-ms", -1));
  server.stop();
  std::printf("stopped\n");
  return 0;
}
