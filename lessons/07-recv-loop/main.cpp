// Stage 07 — the recv loop: an echo server.
//
// Stage 03's skeleton, now listening to each client for good: one recv per socket,
// posted again the moment it completes, and every byte sent back (each send with its
// own OVERLAPPED). Completions say what they are through the extended OVERLAPPED.
#include <cstdio>

#include "server.h"
#include "stage_console.h"

constexpr long kDefaultPort = 9007;  // 9000 + the stage number: `./lab send 07 hello` finds it

int main(int argc, char** argv) {
  ServerConfig config;
  config.port = (uint16_t)flag(argc, argv, "--port", kDefaultPort);
  config.workers = (int)flag(argc, argv, "--workers", 0);
  config.max_clients = (int)flag(argc, argv, "--max-clients", config.max_clients);
  if (config.max_clients < 1) {
    std::fprintf(stderr, "usage: lesson [--port N] [--workers N] [--max-clients N>=1] [--exit-after-ms N]\n");
    return 2;
  }
  config.log = print_line;

  Server server;
  if (!server.start(config)) {
    std::fprintf(stderr, "could not start the server (error %d)\n", WSAGetLastError());
    return 1;
  }
  std::printf("listening on %u\n", (unsigned)server.port());
  std::printf("try: ./lab send 07 hello   (stop: Ctrl+C, or type quit here)\n");
  std::fflush(stdout);
  wait_for_stop(flag(argc, argv, "--exit-after-ms", -1));
  server.stop();
  std::printf("stopped\n");
  return 0;
}
