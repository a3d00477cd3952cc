// Stage 13 — moves and the view: the game server.
//
// Stage 12's server on a grid: CS_MOVE moves one tile and comes back with its seq; each
// player sees only those within its view radius, told as they enter and leave it;
// CS_LOGOUT and a failed login end the connection gracefully.
#include <cstdio>

#include "server.h"
#include "stage_console.h"

constexpr long kDefaultPort = 9013;  // 9000 + the stage number: `./lab send 13 hello` finds it

int main(int argc, char** argv) {
  ServerConfig config;
  config.port = (uint16_t)flag(argc, argv, "--port", kDefaultPort);
  config.workers = (int)flag(argc, argv, "--workers", 0);
  config.max_clients = (int)flag(argc, argv, "--max-clients", config.max_clients);
  config.send_limit = (size_t)flag(argc, argv, "--send-limit", (long)config.send_limit);
  config.world = (int)flag(argc, argv, "--world", config.world);
  config.view = (int)flag(argc, argv, "--view", config.view);
  if (config.max_clients < 1 || config.max_clients > 65536 || config.send_limit < kMaxPacketSize ||
      config.world < 1 || config.world > 65535 || config.view < 0 || config.view > 65535) {
    std::fprintf(stderr, "usage: lesson [--port N] [--workers N] [--max-clients N>=1] [--exit-after-ms N]\n"
                         "              [--send-limit BYTES>=1024] [--world 1..65535] [--view 0..65535]\n");
    return 2;
  }
  config.log = print_line;

  Server server;
  if (!server.start(config)) {
    std::fprintf(stderr, "could not start the server (error %d)\n", WSAGetLastError());
    return 1;
  }
  std::printf("listening on %u\n", (unsigned)server.port());
  std::printf("log in from the visual client (--port %u) or the tests; stop: Ctrl+C or quit\n", (unsigned)server.port());
  std::fflush(stdout);
  wait_for_stop(flag(argc, argv, "--exit-after-ms", -1));
  server.stop();
  std::printf("stopped\n");
  return 0;
}
