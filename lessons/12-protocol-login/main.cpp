// Stage 12 — the protocol and the login.
//
// Stage 11's server, speaking docs/PROTOCOL.md: the first packet is CS_LOGIN (name and
// password); the answer is SC_LOGIN_OK or SC_LOGIN_FAIL; players who are on see each
// other enter (SC_ADD_PLAYER).
#include <cstdio>

#include "server.h"
#include "stage_console.h"

constexpr long kDefaultPort = 9012;  // 9000 + the stage number: `./lab send 12 hello` finds it

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
  std::printf("log in from the visual client (--port %u) or the tests; stop: Ctrl+C or quit\n", (unsigned)server.port());
  std::fflush(stdout);
  wait_for_stop(flag(argc, argv, "--exit-after-ms", -1));
  server.stop();
  std::printf("stopped\n");
  return 0;
}
