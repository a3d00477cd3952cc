// Stage 15 checks: the shared counter loses no update when two threads add at once, a
// reader never sees half a move, and the server counts every packet its workers handled.
// Under ThreadSanitizer (the tsan preset) the racy version is reported at its first race.
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <thread>
#include <vector>

#include "game_client.h"
#include "server.h"
#include "shared_state.h"

namespace {

using Clock = std::chrono::steady_clock;

// Both threads spin until both are running, so their adds really overlap on two cores.
//ko: 두 쓰레드가 모두 돌기 시작할 때까지 돈다. 그래야 두 코어에서 더하기가 정말 겹친다.
void start_together(std::atomic<int>& ready) {
  ready.fetch_add(1);
  auto end = Clock::now() + std::chrono::seconds(1);
  while (ready.load() < 2 && Clock::now() < end) {
  }
}

// Two threads add `adds` times each. Repeated, bounded by rounds and time: a lost update
// shows in the first rounds.
TEST(Race, TwoThreadsAddingLoseNoUpdate) {
  constexpr long adds = 2000000;
  auto end = Clock::now() + std::chrono::seconds(3);
  for (int round = 0; round < 200 && Clock::now() < end; ++round) {
    PacketCounter counter;
    std::atomic<int> ready{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 2; ++t)
      threads.emplace_back([&] {
        start_together(ready);
        for (long i = 0; i < adds; ++i) counter.add();
      });
    for (std::thread& t : threads) t.join();
    ASSERT_EQ(counter.total(), (uint64_t)(2 * adds)) << "round " << round << ": updates were lost";
  }
}

// One thread moves diagonally, (+1,+1) each time; the other reads: x and y must match.
// Without the lock this may still pass on x86 (the compiler may pair x and y into one
// 8-byte store, by luck, not by promise); TSan reports the race either way.
TEST(Race, AReaderNeverSeesHalfAMove) {
  SharedPosition position;
  std::atomic<bool> done{false};
  std::atomic<int> ready{0};
  std::thread mover([&] {
    start_together(ready);
    for (long i = 0; i < 50000000 && !done.load(std::memory_order_relaxed); ++i) position.move(1, 1);
  });
  start_together(ready);
  auto end = Clock::now() + std::chrono::milliseconds(500);
  long torn = 0, reads = 0;
  while (Clock::now() < end && reads < 3000000 && torn < 100) {
    Point p = position.read();
    ++reads;
    if (p.x != p.y) ++torn;
  }
  done = true;
  mover.join();
  EXPECT_EQ(torn, 0) << "of " << reads << " reads, " << torn << " saw x and y from different moves";
  Point last = position.read();
  EXPECT_EQ(last.x, last.y);
}

// Two clients move at once (two workers): every login and move is counted.
TEST(Race, TheServerCountsEveryPacketItsWorkersHandled) {
  LogWatcher watcher;
  ServerConfig config;
  config.workers = 2;
  config.world = 101;
  config.view = 0;
  config.log = watcher.sink();
  Server server;
  ASSERT_TRUE(server.start(config));
  constexpr uint32_t moves = 300;
  std::vector<std::thread> players;
  std::atomic<int> echoes_missing{0};
  for (int p = 0; p < 2; ++p)
    players.emplace_back([&, p] {
      GameClient c;
      auto ok = c.connect(server.port()) ? c.login(p == 0 ? "left" : "right") : std::nullopt;
      if (!ok) { echoes_missing += (int)moves; return; }
      uint32_t got = 0;
      for (uint32_t seq = 1; seq <= moves; ++seq) {
        if (!c.move(p == 0 ? proto::Dir::Left : proto::Dir::Right, seq)) break;
        // Read until our own echo: the other player's notices come between.
        for (int frames = 0; frames < 16; ++frames) {
          std::string f = c.next_frame();
          if (f.empty()) break;
          ScMovePlayer m;
          if (f.size() != sizeof m || packet_type(f.data()) != SC_MOVE_PLAYER) continue;
          std::memcpy(&m, f.data(), sizeof m);
          if (m.id == ok->id && m.seq == seq) { ++got; break; }
        }
      }
      echoes_missing += (int)(moves - got);
    });
  for (std::thread& t : players) t.join();
  EXPECT_EQ(echoes_missing.load(), 0);
  // The add comes after the echo is sent: wait for it, bounded.
  //ko: add는 에코를 보낸 뒤에 온다: 정해진 만큼만 기다린다.
  const uint64_t want = 2 * (1 + moves);
  auto end = Clock::now() + std::chrono::seconds(2);
  while (server.packets_handled() < want && Clock::now() < end)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(server.packets_handled(), want);
}

}  // namespace
