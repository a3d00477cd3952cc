// PROTOCOL.md v1.1 move and chat allowances: the bucket itself (explicit clock), and the
// game's answers to a move or chat beyond it.
#include <chrono>
#include <thread>

#include "allowance.h"
#include "harness.h"

namespace iocplab::game::test {
namespace {

using namespace std::chrono_literals;
using Clock = Allowance::Clock;

int take_all(Allowance& a, Clock::time_point now, int limit = 100000) {
  int n = 0;
  while (n < limit && a.take(now)) ++n;
  return n;
}

TEST(AllowanceBucket, StartsFullAtTwiceTheRate) {
  Allowance a;
  const auto t0 = Clock::now();
  a.reset(20, t0);
  EXPECT_EQ(take_all(a, t0), 40);
}

TEST(AllowanceBucket, RegainsTheRateEachSecondNeverAboveTwice) {
  Allowance a;
  const auto t0 = Clock::now();
  a.reset(20, t0);
  take_all(a, t0);
  EXPECT_FALSE(a.take(t0 + 49ms));
  EXPECT_TRUE(a.take(t0 + 50ms));  // 1/20 s: one more
  EXPECT_FALSE(a.take(t0 + 50ms));
  EXPECT_EQ(take_all(a, t0 + 550ms), 10);   // half a second: 10
  EXPECT_EQ(take_all(a, t0 + 1h), 40);      // a long rest: full, not more
}

TEST(AllowanceBucket, ZeroIsNoLimit) {
  Allowance a;
  a.reset(0, Clock::now());
  EXPECT_EQ(take_all(a, Clock::now(), 100000), 100000);
}

TEST(AllowanceBucket, HugeRatesDoNotOverflow) {
  Allowance a;
  const auto t0 = Clock::now();
  a.reset(UINT32_MAX, t0);
  EXPECT_TRUE(a.take(t0 + 24h));
  EXPECT_TRUE(a.take(t0 + 48h));
}

GameConfig rate_config(uint32_t move_rate, uint32_t chat_rate, uint16_t world = 50) {
  GameConfig c = small_config(world, 7);
  c.move_rate = move_rate;
  c.chat_rate = chat_rate;
  return c;
}

TEST(MoveAllowance, OverRateMoveEchoesTheUnchangedPositionToTheMoverOnly) {
  Harness h(rate_config(1, 0, 8));  // bursts of 2; a world inside everyone's view
  auto ok1 = h.login(sid(1), "mover", "pw");
  ASSERT_TRUE(ok1);
  ASSERT_TRUE(h.login(sid(2), "watcher", "pw"));
  h.out.clear_frames();
  const uint8_t dir = ok1->x >= 2 ? 2 : 3;  // two moves that are not clamped
  h.move(sid(1), dir, 1, 111);
  h.move(sid(1), dir, 2, 222);
  h.move(sid(1), dir, 3, 333);  // the third in a burst of 2: over the allowance
  auto echoes = h.of_type<proto::ScMovePlayer>(sid(1));
  ASSERT_EQ(echoes.size(), 3u);
  EXPECT_EQ(echoes[2].seq, 3u);
  EXPECT_EQ(echoes[2].client_time, 333u);
  EXPECT_EQ(echoes[2].x, echoes[1].x);  // unchanged
  EXPECT_EQ(echoes[2].y, echoes[1].y);
  EXPECT_NE(echoes[1].x, ok1->x);  // the first two moved
  // The watcher saw the two applied moves and nothing for the third.
  auto seen = h.of_type<proto::ScMovePlayer>(sid(2));
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].seq, 1u);
  EXPECT_EQ(seen[1].seq, 2u);
  EXPECT_EQ(h.out.frame_count(sid(2)), 2u);
}

TEST(MoveAllowance, RefillsAtTheRate) {
  Harness h(rate_config(2, 0));  // bursts of 4
  auto ok = h.login(sid(1), "mover", "pw");
  ASSERT_TRUE(ok);
  const uint8_t dir = ok->x >= 25 ? 2 : 3;
  h.out.clear_frames();
  for (uint32_t i = 1; i <= 5; ++i) h.move(sid(1), dir, i, 0);
  auto e = h.of_type<proto::ScMovePlayer>(sid(1));
  ASSERT_EQ(e.size(), 5u);
  EXPECT_EQ(e[4].x, e[3].x);  // fifth refused
  std::this_thread::sleep_for(600ms);  // 1.2 moves regained
  h.move(sid(1), dir, 6, 0);
  h.move(sid(1), dir, 7, 0);
  e = h.of_type<proto::ScMovePlayer>(sid(1));
  ASSERT_EQ(e.size(), 7u);
  EXPECT_NE(e[5].x, e[4].x);  // applied
  EXPECT_EQ(e[6].x, e[5].x);  // refused again
}

TEST(MoveAllowance, ANewLoginStartsFull) {
  Harness h(rate_config(1, 0));
  auto ok = h.login(sid(1), "mover", "pw");
  ASSERT_TRUE(ok);
  const uint8_t dir = ok->x >= 25 ? 2 : 3;
  for (uint32_t i = 0; i < 3; ++i) h.move(sid(1), dir, i, 0);
  h.disconnect(sid(1));
  auto again = h.login(sid(2), "mover", "pw");
  ASSERT_TRUE(again);
  h.move(sid(2), dir, 10, 0);
  h.move(sid(2), dir, 11, 0);
  auto e = h.of_type<proto::ScMovePlayer>(sid(2));
  ASSERT_EQ(e.size(), 2u);
  EXPECT_NE(e[0].x, again->x);
  EXPECT_NE(e[1].x, e[0].x);
}

TEST(MoveAllowance, DirOutOfRangeIsAViolationEvenWhenEmpty) {
  Harness h(rate_config(1, 0));
  ASSERT_TRUE(h.login(sid(1), "mover", "pw"));
  for (uint32_t i = 0; i < 3; ++i) h.move(sid(1), 0, i, 0);
  h.move(sid(1), 9, 4, 0);
  auto c = h.out.closed(sid(1));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->why, net::CloseReason::Violation);
}

TEST(ChatAllowance, OverRateChatReachesNoOneNotEvenTheSender) {
  Harness h(rate_config(0, 1));  // bursts of 2
  ASSERT_TRUE(h.login(sid(1), "talker", "pw"));
  ASSERT_TRUE(h.login(sid(2), "listener", "pw"));
  h.place(sid(1), 50, 10, 10);
  h.place(sid(2), 50, 11, 10);
  h.out.clear_frames();
  h.send(sid(1), proto::CsChat{"one"});
  h.send(sid(1), proto::CsChat{"two"});
  h.send(sid(1), proto::CsChat{"three"});
  auto mine = h.of_type<proto::ScChat>(sid(1));
  auto theirs = h.of_type<proto::ScChat>(sid(2));
  ASSERT_EQ(mine.size(), 2u);
  ASSERT_EQ(theirs.size(), 2u);
  EXPECT_EQ(mine[1].text, "two");
  EXPECT_EQ(theirs[1].text, "two");
  EXPECT_FALSE(h.out.closed(sid(1)));
}

TEST(ChatAllowance, BadChatIsAViolationWhateverTheAllowance) {
  Harness h(rate_config(0, 1));
  ASSERT_TRUE(h.login(sid(1), "talker", "pw"));
  h.send(sid(1), proto::CsChat{"a"});
  h.send(sid(1), proto::CsChat{"b"});
  h.send(sid(1), proto::CsChat{"\xff"});  // not UTF-8, allowance empty
  auto c = h.out.closed(sid(1));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->why, net::CloseReason::Violation);
}

TEST(ChatAllowance, ZeroIsNoLimit) {
  Harness h(rate_config(0, 0));
  ASSERT_TRUE(h.login(sid(1), "talker", "pw"));
  for (int i = 0; i < 100; ++i) h.send(sid(1), proto::CsChat{"x"});
  EXPECT_EQ(h.of_type<proto::ScChat>(sid(1)).size(), 100u);
}

}  // namespace
}  // namespace iocplab::game::test
