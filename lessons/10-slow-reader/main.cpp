// Stage 10 — the slow reader: a broadcast server that protects itself.
//
// Stage 09's broadcast server. A client that does not read its sends is cut off when they
// pass --send-limit bytes, before its queue can eat the server's memory.
#include <cstdio>

#include "server.h"
#include "stage_console.h"

constexpr long kDefaultPort = 9010;  // 9000 + the stage number: `./lab send 10 hello` finds it

int main(int argc, char** argv) {
  ServerConfig config;
  config.port = (uint16_t)flag(argc, argv, "--port", kDefaultPort);
  config.workers = (int)flag(argc, argv, "--workers", 0);
  config.max_clients = (int)flag(argc, argv, "--max-clients", config.max_clients);
  config.send_limit = (size_t)flag(argc, argv, "--send-limit", (long)config.send_limit);
  if (config.max_clients < 1 || config.send_limit < kMaxPacketSize) {
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
  std::printf("try: ./lab send 10 --wait-ms 20000 hi  (a reader), then ./lab send 10 hello; a client that\n"
              "never reads is cut off past --send-limit bytes (stop: Ctrl+C or quit)\n");
  std::fflush(stdout);
  wait_for_stop(flag(argc, argv, "--exit-after-ms", -1));
  server.stop();
  std::printf("stopped\n");
  return 0;
}
