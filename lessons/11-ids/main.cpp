// Stage 11 — IDs: a broadcast server that names its clients.
//
// Stage 10's server. Every client gets an ID, in a welcome packet, that names it and not
// just its slot: a reused slot gets a new ID, and what was meant for the old one is dropped.
#include <cstdio>

#include "server.h"
#include "stage_console.h"

constexpr long kDefaultPort = 9011;  // 9000 + the stage number: `./lab send 11 hello` finds it

int main(int argc, char** argv) {
  ServerConfig config;
  config.port = (uint16_t)flag(argc, argv, "--port", kDefaultPort);
  config.workers = (int)flag(argc, argv, "--workers", 0);
  config.max_clients = (int)flag(argc, argv, "--max-clients", config.max_clients);
  config.send_limit = (size_t)flag(argc, argv, "--send-limit", (long)config.send_limit);
  if (config.max_clients < 1 || config.max_clients > 65536 || config.send_limit < kMaxPacketSize) {
    std::fprintf(stderr, "usage: lesson [--port N] [--workers N] [--max-clients N>=1] [--exit-after-ms N]\n"
                         "              [--send-limit BYTES>=1024]\n");
    return 2;
  }
  config.log = print_line;

  Server server;
  if (!server.start(config)) {
    std::fprintf(stderr, "could not start the server (error %d)\n", WSAGetLastError());
    return 1;
  }
  std::printf("listening on %u\n", (unsigned)server.port());
  std::printf("try: ./lab send 11 hi   (the first packet back is the welcome: type 100, your ID)\n"
              "(stop: Ctrl+C or quit)\n");
  std::fflush(stdout);
  wait_for_stop(flag(argc, argv, "--exit-after-ms", -1));
  server.stop();
  std::printf("stopped\n");
  return 0;
}
