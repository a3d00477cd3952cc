// Stage 18 — view lists: each player keeps the set it sees; a sector grid finds who is near.
// `--sector-size 0` keeps stage 13's scan of every slot, so one binary measures both.
#include <algorithm>
#include <cstdio>

#include "server.h"
#include "stage_console.h"

constexpr long kDefaultPort = 9018;  // 9000 + the stage number: `./lab send 18 hello` finds it

int main(int argc, char** argv) {
  ServerConfig config;
  config.port = (uint16_t)flag(argc, argv, "--port", kDefaultPort);
  config.workers = (int)flag(argc, argv, "--workers", 0);
  config.max_clients = (int)flag(argc, argv, "--max-clients", config.max_clients);
  config.send_limit = (size_t)flag(argc, argv, "--send-limit", (long)config.send_limit);
  config.world = (int)flag(argc, argv, "--world", config.world);
  config.view = (int)flag(argc, argv, "--view", config.view);
  config.accepts = (int)flag(argc, argv, "--accepts", config.accepts);
  config.sector_size = (int)flag(argc, argv, "--sector-size", config.sector_size);
  config.spawn_random = flag(argc, argv, "--spawn-random", 0) != 0;
  config.npcs = (int)flag(argc, argv, "--npcs", 2000);
  config.npc_move_ms = (int)flag(argc, argv, "--npc-move-ms", config.npc_move_ms);
  config.login_timeout_ms = (int)flag(argc, argv, "--login-timeout-ms", config.login_timeout_ms);
  config.hash_memory_kib = (unsigned)std::clamp(flag(argc, argv, "--hash-memory", 19456), 8L, 4194304L);  // KiB
  config.hash_passes = (unsigned)std::clamp(flag(argc, argv, "--hash-passes", 2), 1L, 16L);
  if (config.max_clients < 1 || config.max_clients > 65536 || config.send_limit < kMaxPacketSize ||
      config.world < 1 || config.world > 65535 || config.view < 0 || config.view > 65535 || config.accepts < 1 ||
      config.npcs < 0 || config.npcs > 1000000 || config.npc_move_ms < 1 || config.login_timeout_ms < 1 || config.sector_size < 0) {
    std::fprintf(stderr, "usage: lesson [--port N] [--workers N] [--max-clients N>=1] [--exit-after-ms N]\n"
                         "              [--send-limit BYTES>=1024] [--world 1..65535] [--view 0..65535] [--accepts N>=1]\n"
                         "              [--npcs 0..1000000] [--npc-move-ms N>=1] [--login-timeout-ms N>=1]\n"
                         "              [--hash-memory KiB, 8..4194304] [--hash-passes 1..16]\n"
                         "              [--sector-size N>=0 (0: no sectors)] [--spawn-random 0|1] [--log 0|1]\n");
    return 2;
  }
  if (flag(argc, argv, "--log", 1) != 0) config.log = print_line;  // --log 0: quiet, for the stress tool

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
  std::printf("handled %llu packets\n", (unsigned long long)server.packets_handled());
  std::printf("timer events %llu, NPCs awake %d of %d\n", (unsigned long long)server.timer_events(),
              server.npcs_awake(), config.npcs);
  std::printf("stopped\n");
  return 0;
}
