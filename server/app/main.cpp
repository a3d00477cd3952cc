// main.cpp — iocplab-server: the network framework (server/net) with the game on top.
// Straight-line: flags, engine, network, game, serve until SIGINT/SIGTERM, save, exit.
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <string>
#include <thread>

#include "game/game.h"
#include "iocp.h"
#include "server.h"
#include "server_flags.h"

namespace {
volatile std::sig_atomic_t g_stop = 0;
extern "C" void on_stop_signal(int) { g_stop = 1; }
}  // namespace

int main(int argc, char** argv) {
  using namespace iocplab;

  // ---- command line (PROTOCOL.md "Server command line"); bad flags exit 2
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--help" || std::string(argv[i]) == "-h") {
      std::fputs(app::usage(), stdout);
      return 0;
    }
  }
  app::ServerFlags flags;
  std::string error;
  if (!app::parse_flags(argc, argv, &flags, &error)) {
    std::fprintf(stderr, "iocplab-server: %s\n", error.c_str());
    return 2;
  }

  // ---- the Linux engine (epoll or io_uring), before the first completion port exists
  if (!flags.engine.empty() && !iocplab_set_engine(flags.engine.c_str())) {
#if defined(_WIN32)
    std::fprintf(stderr, "iocplab-server: --engine: not available on Windows\n");
#else
    std::fprintf(stderr, "iocplab-server: --engine: cannot use '%s': %s\n", flags.engine.c_str(),
                 iocplab_engine_error());
#endif
    return 2;
  }

  // ---- signals: the main loop below notices them within one tick
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
#if defined(SIGPIPE)
  std::signal(SIGPIPE, SIG_IGN);  // a peer gone mid-send is an error completion, not a signal
#endif

  // ---- the network, then the game on top of it (the game borrows the network's outbox)
  net::ServerConfig net_cfg;
  net_cfg.port = flags.port;
  net_cfg.workers = flags.workers;
  net_cfg.max_sessions = flags.max_sessions;
  net_cfg.send_limit = static_cast<size_t>(flags.send_limit);
  net_cfg.step = flags.step;
  net_cfg.keepalive_s = flags.keepalive;
  net::Server server(net_cfg);

  game::GameConfig game_cfg;
  game_cfg.world = flags.world;
  game_cfg.view = flags.view;
  game_cfg.db_path = flags.db;
  game_cfg.login_timeout_s = flags.login_timeout;
  game_cfg.hash_memory_kib = flags.hash_memory;
  game_cfg.hash_passes = flags.hash_passes;
  game::Game game(game_cfg, server, server);
  if (!game.start(&error)) {
    std::fprintf(stderr, "iocplab-server: database %s: %s\n", flags.db.c_str(), error.c_str());
    return 1;
  }
  if (!server.start(&game, &error)) {
    std::fprintf(stderr, "iocplab-server: cannot listen on port %u: %s\n", flags.port, error.c_str());
    server.stop();
    game.shutdown();
    return 1;
  }
  std::fprintf(stderr, "iocplab-server: engine %s, %u workers, world %u, view %u, max %u sessions%s\n",
               iocplab_engine_name(), flags.workers, flags.world, flags.view, flags.max_sessions,
               flags.step ? ", step mode (--step)" : "");
  std::printf("listening on %u\n", server.port());
  std::fflush(stdout);

  // ---- the timer: game.tick() every 100 ms until a stop signal
  auto next = std::chrono::steady_clock::now();
  while (!g_stop) {
    next += std::chrono::milliseconds(100);
    std::this_thread::sleep_until(next);
    game.tick();
  }

  // ---- shutdown: no new connections, save every online player, close the rest
  std::fprintf(stderr, "iocplab-server: stopping\n");
  server.stop_accepting();
  game.shutdown();
  server.stop();  // before ~Game: no posted callback runs after it
  std::fprintf(stderr, "iocplab-server: stopped\n");
  return 0;
}
