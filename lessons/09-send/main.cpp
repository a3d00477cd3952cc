// Stage 09 — sends: a broadcast server.
//
// Stage 08's packet server, now sending each packet to every other client: many sends in
// flight per socket, each with its own context from a shared pool.
#include <cstdio>

#include "server.h"
#include "stage_console.h"

constexpr long kDefaultPort = 9009;  // 9000 + the stage number: `./lab send 09 hello` finds it

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
  std::printf("try, from two more terminals: ./lab send 09 --wait-ms 20000 hi   (it waits for what comes)\n"
              "then: ./lab send 09 hello   (the others get the packet; stop: Ctrl+C or quit)\n");
  std::fflush(stdout);
  wait_for_stop(flag(argc, argv, "--exit-after-ms", -1));
  server.stop();
  std::printf("stopped\n");
  return 0;
}
