// Stage 05 — the first recv.
//
// Stage 04's server, now listening to its clients: each accepted socket is tied to the
// completion port with its slot's index as the key and gets its first WSARecv; a worker
// finds the client again by that key, and a client that leaves gives its slot back.
#include <cstdio>

#include "server.h"
#include "stage_console.h"

constexpr long kDefaultPort = 9005;  // 9000 + the stage number: `./lab send 05 hello` finds it

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
  std::printf("try: ./lab send 05 hello   (stop: Ctrl+C, or type quit here)\n");
  std::fflush(stdout);
  wait_for_stop(flag(argc, argv, "--exit-after-ms", -1));
  server.stop();
  std::printf("stopped\n");
  return 0;
}
