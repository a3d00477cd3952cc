// Floods against the allowances: a client that sends moves or chats as fast as it can gets
// no more than its allowance applied and delivered; it is not cut off (it reads its echoes);
// the others see only what was applied.
#include "abuse_server.h"

namespace iocplab::abuse {
namespace {

using Clock = std::chrono::steady_clock;

TEST(AbuseAllowance, MoveFloodAppliesAtMostTheAllowance) {
  testing::ServerProcess p;
  const uint16_t port = start(p, {"--world", "400", "--view", "400", "--move-rate", "20"});
  ASSERT_NE(port, 0) << p.stderr_text();
  GameClient mover, watcher;
  ASSERT_TRUE(mover.connect(port) && mover.login("flooder", "pw"));
  ASSERT_TRUE(watcher.connect(port) && watcher.login("watcher", "pw"));
  ASSERT_TRUE(mover.expect<proto::ScAddPlayer>());
  const auto t0 = Clock::now();
  uint32_t sent = 0, echoes = 0, changed = 0;
  GameClient::Pos prev = mover.pos;
  // Towards the far side: a spawn near the right edge moving right would clamp, and a clamped
  // move (applied, but no change) is not counted (failed once: 16 changes from a spawn near x=383).
  bool right = mover.pos.first < 200;
  // 4000 moves in bursts of 200, reading the echoes between bursts, for at most 10 s.
  while (sent < 4000 && Clock::now() - t0 < 10s) {
    std::vector<uint8_t> burst;
    for (int i = 0; i < 200; ++i) proto::encode(burst, proto::CsMove{uint8_t(right ? 3 : 2), ++sent, 0});
    ASSERT_TRUE(mover.send(burst));
    for (int i = 0; i < 200; ++i) {
      auto e = mover.expect<proto::ScMovePlayer>();
      ASSERT_TRUE(e) << "echo " << echoes << " missing";
      ++echoes;
      if (GameClient::Pos{e->x, e->y} != prev) ++changed;
      prev = {e->x, e->y};
      if (e->x >= 398) right = false;
      if (e->x <= 1) right = true;
    }
  }
  const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
  EXPECT_EQ(echoes, sent) << "every move is echoed to the mover";
  EXPECT_LE(changed, 40 + 20 * secs + 2) << sent << " moves in " << secs << " s";
  EXPECT_GE(changed, 40u);
  uint32_t seen = 0;
  while (watcher.expect<proto::ScMovePlayer>(500ms) && seen < 100000) ++seen;
  EXPECT_EQ(seen, changed) << "the watcher sees only applied moves";
  EXPECT_FALSE(mover.conn.eof());
}

TEST(AbuseAllowance, ChatFloodDeliversAtMostTheAllowance) {
  testing::ServerProcess p;
  const uint16_t port = start(p, {"--world", "5", "--chat-rate", "5"});
  ASSERT_NE(port, 0) << p.stderr_text();
  GameClient talker, listener;
  ASSERT_TRUE(talker.connect(port) && talker.login("chatter", "pw"));
  ASSERT_TRUE(listener.connect(port) && listener.login("listener", "pw"));
  const auto t0 = Clock::now();
  const std::string text(200, 'z');
  uint32_t sent = 0;
  std::vector<uint8_t> burst;
  for (int i = 0; i < 2000; ++i) proto::encode(burst, proto::CsChat{text});
  for (int round = 0; round < 5 && Clock::now() - t0 < 10s; ++round, sent += 2000) ASSERT_TRUE(talker.send(burst));
  const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
  uint32_t mine = 0, theirs = 0;
  while (talker.expect<proto::ScChat>(700ms) && mine < sent) ++mine;
  while (listener.expect<proto::ScChat>(300ms) && theirs < sent) ++theirs;
  const double total = std::chrono::duration<double>(Clock::now() - t0).count();
  EXPECT_LE(mine, 10 + 5 * total + 1) << sent << " chats sent in " << secs << " s";
  EXPECT_GE(mine, 10u);
  EXPECT_EQ(theirs, mine);
  EXPECT_FALSE(talker.conn.eof()) << "over-rate chats are dropped, not a violation";
  EXPECT_TRUE(still_serves(port, "after-flood"));
}

}  // namespace
}  // namespace iocplab::abuse
