// 1,000 concurrent clients log in and move at once; afterwards every client's picture of
// its view (built only from ADD/MOVE/REMOVE frames) must equal the truth computed from
// everyone's final position. Bounded: every wait has a timeout and the whole run a deadline.
#include <gtest/gtest.h>

#include <atomic>
#include <barrier>
#include <mutex>
#include <string>
#include <random>
#include <thread>

#include "game_client.h"
#include "in_process_server.h"

using namespace std::chrono_literals;
using iocplab::testing::GameClient;
using iocplab::testing::InProcessServer;

TEST(Crowd, ThousandClientsMovingKeepEveryViewConsistent) {
  constexpr int kClients = 1000, kThreads = 4, kRounds = 8, kMovesPerRound = 4;
  constexpr uint16_t kWorld = 100, kView = 5;
  // Each client sends 2 syncs (chats) a round, 16 in all: more than the default allowance's
  // burst of 10, so a fast run had a chat dropped and its sync waited out its 20 s.
  InProcessServer server({.world = kWorld, .view = kView, .max_sessions = kClients + 16, .chat_rate = 0});
  std::string error;
  ASSERT_TRUE(server.start(&error)) << error;

  const auto deadline = std::chrono::steady_clock::now() + 60s;
  std::atomic<int> failures{0};
  std::mutex why_mu;
  std::string why;  // the first few failures: which client, which step, when
  auto late = [&] { return std::chrono::steady_clock::now() > deadline; };
  const auto started = std::chrono::steady_clock::now();
  std::vector<GameClient> clients(kClients);
  std::barrier sync_point(kThreads);

  auto worker = [&](int t) {
    std::mt19937 rng(1234 + t);
    auto mine = [&](const char* step, int round, auto fn) {
      for (int i = t; i < kClients; i += kThreads) {
        if (!late() && fn(clients[i], i)) continue;
        if (++failures <= 5) {
          auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
          std::lock_guard lock(why_mu);
          why += "client " + std::to_string(i) + ": " + step + " failed in round " + std::to_string(round) +
                 " at " + std::to_string(ms.count()) + " ms\n";
        }
      }
    };
    // Everyone logs in; players already online get ADDs they will read later.
    mine("connect+login", -1, [&](GameClient& c, int i) {
      return c.connect(server.port()) && c.login("crowd" + std::to_string(i), "pw").has_value();
    });
    sync_point.arrive_and_wait();
    for (int round = 0; round < kRounds; ++round) {
      mine("move", round, [&](GameClient& c, int) {
        for (int m = 0; m < kMovesPerRound; ++m)
          if (!c.move(static_cast<uint8_t>(rng() % 4))) return false;
        return true;
      });
      // Two barriers of syncs: after the first, the server has handled every move (each
      // client's chat follows its own moves); the second reads every frame they caused.
      mine("first sync", round, [&](GameClient& c, int) { return c.sync(20s); });
      sync_point.arrive_and_wait();
      mine("second sync", round, [&](GameClient& c, int) { return c.sync(20s); });
      sync_point.arrive_and_wait();
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) threads.emplace_back(worker, t);
  for (auto& th : threads) th.join();
  ASSERT_EQ(failures.load(), 0) << "clients failed or the 60 s deadline passed:\n" << why;

  // The truth from everyone's final position (each learnt from its own echoes).
  int wrong_views = 0, checked_pairs = 0;
  for (int i = 0; i < kClients; ++i) {
    std::map<uint32_t, GameClient::Pos> truth;
    for (int j = 0; j < kClients; ++j) {
      if (j == i) continue;
      int dx = std::abs(int(clients[i].pos.first) - int(clients[j].pos.first));
      int dy = std::abs(int(clients[i].pos.second) - int(clients[j].pos.second));
      if (dx <= kView && dy <= kView) truth[clients[j].id] = clients[j].pos;
    }
    checked_pairs += static_cast<int>(truth.size());
    if (truth != clients[i].view) {
      if (wrong_views < 5)
        ADD_FAILURE() << "client " << i << " sees " << clients[i].view.size() << " players, truth "
                      << truth.size();
      ++wrong_views;
    }
    EXPECT_EQ(clients[i].bad_frames, 0u);
  }
  EXPECT_EQ(wrong_views, 0);
  EXPECT_GT(checked_pairs, kClients) << "the crowd is dense enough to test views";
  uint64_t moves_seen = 0;
  for (auto& c : clients) moves_seen += c.moves_seen;
  EXPECT_GT(moves_seen, 0u);
  auto totals = server.net().totals();
  EXPECT_EQ(totals.sessions, uint32_t(kClients));
  EXPECT_EQ(totals.violations, 0u);
  EXPECT_EQ(totals.slow_readers, 0u);
}
