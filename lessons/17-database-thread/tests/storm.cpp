// storm.cpp — the figure of README.md (not a test): a storm of new logins at the real hash
// cost while one player, already in, moves. Prints logins a second and the move echo's
// delay during the storm. Built twice: lesson17_storm (this stage: the store thread) and
// lesson17_storm_bug (the planted bug: the store's work done on the worker that asks).
//   lesson17_storm [--bots N] [--workers N] [--hash-memory KIB] [--hash-passes N]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <thread>
#include <vector>

#include "game_client.h"
#include "server.h"
#include "stage_console.h"

using Clock = std::chrono::steady_clock;

static double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

int main(int argc, char** argv) {
  int bots = (int)flag(argc, argv, "--bots", 40);
  ServerConfig config;
  config.workers = (int)flag(argc, argv, "--workers", 2);
  config.max_clients = bots + 8;
  config.db = ":memory:";  // never a file the two engines' runs would share
  config.hash_memory_kib = (unsigned)flag(argc, argv, "--hash-memory", 19456);
  config.hash_passes = (unsigned)flag(argc, argv, "--hash-passes", 2);
  Server server;
  if (!server.start(config)) return 1;

  GameClient mover;
  if (!mover.connect(server.port()) || !mover.send(proto::make_login("mover", "pw")) ||
      mover.next_frame(60000).empty())
    return 1;
  std::atomic<bool> storming{true};
  std::vector<double> delays;  // one per move echo, in ms
  std::thread moves([&] {
    for (uint32_t seq = 1; storming && seq < 100000; ++seq) {  // bounded by count and by the storm
      auto sent = Clock::now();
      if (!mover.move(seq % 2 ? proto::Dir::Up : proto::Dir::Down, seq)) return;
      if (mover.next_frame(60000).empty()) return;
      delays.push_back(ms_since(sent));
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });

  std::vector<std::unique_ptr<GameClient>> clients;
  auto start = Clock::now();
  for (int i = 0; i < bots; ++i) {
    clients.push_back(std::make_unique<GameClient>());
    if (!clients.back()->connect(server.port()) ||
        !clients.back()->send(proto::make_login("bot" + std::to_string(i), "pw")))
      return 1;
  }
  int ok = 0;
  for (auto& c : clients) {
    std::string frame = c->next_frame(120000);
    if (frame.size() >= 3 && (uint8_t)frame[2] == SC_LOGIN_OK) ++ok;
  }
  double took = ms_since(start);
  storming = false;
  moves.join();
  std::sort(delays.begin(), delays.end());
  double median = delays.empty() ? 0 : delays[delays.size() / 2];
  double worst = delays.empty() ? 0 : delays.back();
  std::printf("%d of %d logins in %.0f ms: %.1f logins/s (Argon2id %u KiB, %u passes, %d workers)\n", ok, bots,
              took, ok * 1000.0 / took, config.hash_memory_kib, config.hash_passes, config.workers);
  std::printf("move echo during the storm: median %.1f ms, slowest %.1f ms (%zu moves)\n", median, worst,
              delays.size());
  server.stop();
  return ok == bots ? 0 : 1;
}
