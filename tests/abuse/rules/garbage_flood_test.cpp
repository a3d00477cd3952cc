// Garbage floods: connections that send random bytes, before and after a login, and cut
// frames. Each is closed; a player online meanwhile keeps playing and ends with no ghost
// in its view; the slots are free again.
#include <random>
#include <thread>

#include "abuse_server.h"

namespace iocplab::abuse {
namespace {

TEST(AbuseGarbage, RandomBytesCloseOnlyTheirSenders) {
  testing::ServerProcess p;
  const uint16_t port = start(p, {"--world", "5", "--max-sessions", "64", "--move-rate", "0"});
  ASSERT_NE(port, 0) << p.stderr_text();
  GameClient player;
  ASSERT_TRUE(player.connect(port) && player.login("player", "pw"));
  std::mt19937 rng(12345);
  const auto t0 = std::chrono::steady_clock::now();
  for (int round = 0; round < 6 && std::chrono::steady_clock::now() - t0 < 30s; ++round) {
    std::vector<GameClient> flood(40);
    for (size_t i = 0; i < flood.size(); ++i) {
      GameClient& g = flood[i];
      ASSERT_TRUE(g.connect(port));
      std::vector<uint8_t> junk(1 + rng() % 8192);
      for (auto& b : junk) b = uint8_t(rng());
      if (i % 3 == 1) {  // logged in first, garbage after
        ASSERT_TRUE(g.login("g" + std::to_string(round) + "-" + std::to_string(i), "pw"));
      } else if (i % 3 == 2) {  // half a frame, then nothing more
        junk = {43, 0, 1, 'x'};
      }
      g.send(junk);
    }
    for (size_t i = 0; i < flood.size(); ++i) {
      if (i % 3 == 2) {
        flood[i].conn.close();
        continue;
      }
      // A bad frame is a violation; random bytes that look like a valid beginning wait for
      // more: end those by closing.
      if (!flood[i].conn.wait_eof(300ms)) flood[i].conn.close();
    }
    ASSERT_TRUE(player.step(round % 2 ? 2 : 3)) << "round " << round;
  }
  // Every flooder is gone from the player's view.
  bool empty = false;
  for (int i = 0; i < 50 && !empty; ++i) {
    ASSERT_TRUE(player.sync());
    empty = player.view.empty();
    if (!empty) std::this_thread::sleep_for(100ms);
  }
  EXPECT_TRUE(empty) << player.view.size() << " ghosts";
  // Every slot is free: 63 new sessions fit beside the player (--max-sessions 64).
  std::vector<GameClient> fill(63);
  int ok = 0;
  for (int attempt = 0; attempt < 20 && ok < 63; ++attempt) {
    ok = 0;
    for (size_t i = 0; i < fill.size(); ++i) {
      if (fill[i].id == 0) {
        fill[i] = GameClient{};
        if (fill[i].connect(port)) fill[i].login("fill" + std::to_string(i), "pw");
      }
      ok += fill[i].id != 0;
    }
    if (ok < 63) std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(ok, 63);
}

TEST(AbuseGarbage, OversizeAndZeroSizeHeadersAreViolations) {
  testing::ServerProcess p;
  const uint16_t port = start(p, {});
  ASSERT_NE(port, 0) << p.stderr_text();
  for (const std::vector<uint8_t>& bad : std::vector<std::vector<uint8_t>>{
           {0, 0, 1}, {2, 0, 1}, {0xFF, 0xFF, 1}, {0x01, 0x04, 1}, {3, 0, 0}, {3, 0, 200}}) {
    GameClient g;
    ASSERT_TRUE(g.connect(port));
    ASSERT_TRUE(g.send(bad));
    EXPECT_TRUE(g.conn.wait_eof(5s) || g.conn.reset()) << int(bad[0]) << "," << int(bad[1]) << "," << int(bad[2]);
  }
  EXPECT_TRUE(still_serves(port, "survivor"));
}

}  // namespace
}  // namespace iocplab::abuse
