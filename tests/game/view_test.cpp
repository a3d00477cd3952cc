// View: ADD / MOVE / REMOVE as players move, clamping at the edges, disconnect notices.
#include "harness.h"

namespace iocplab::game::test {
namespace {

using proto::ScAddPlayer;
using proto::ScMovePlayer;
using proto::ScRemovePlayer;

constexpr uint16_t kWorld = 20;
constexpr uint16_t kView = 2;

class View : public ::testing::Test {
 protected:
  View() : h(small_config(kWorld, kView)) {}
  void SetUp() override {
    ASSERT_TRUE(h.login(a, "a", "pw"));
    ASSERT_TRUE(h.login(b, "b", "pw"));
  }
  Harness h;
  const net::SessionId a = sid(1), b = sid(2);
};

TEST_F(View, EnterMoveLeave) {
  h.place(a, kWorld, 5, 5);
  h.place(b, kWorld, 8, 5);  // dx = 3: out of view
  h.out.clear_frames();

  h.move(b, 2, 10, 100);  // to (7, 5): dx = 2, enters
  auto ap = h.packets(a);
  ASSERT_EQ(ap.size(), 1u);
  auto add = std::get<ScAddPlayer>(ap[0]);
  EXPECT_EQ(add.id, b);
  EXPECT_EQ(add.x, 7);
  EXPECT_EQ(add.y, 5);
  EXPECT_EQ(add.name, "b");
  auto bp = h.packets(b);
  ASSERT_EQ(bp.size(), 2u);
  auto echo = std::get<ScMovePlayer>(bp[0]);
  EXPECT_EQ(echo.id, b);
  EXPECT_EQ(echo.seq, 10u);
  EXPECT_EQ(echo.client_time, 100u);
  auto add_a = std::get<ScAddPlayer>(bp[1]);
  EXPECT_EQ(add_a.id, a);
  EXPECT_EQ(add_a.x, 5);
  EXPECT_EQ(add_a.y, 5);
  h.out.clear_frames();

  h.move(b, 2, 11, 101);  // to (6, 5): stays in view
  auto mv = h.of_type<ScMovePlayer>(a);
  ASSERT_EQ(mv.size(), 1u);
  EXPECT_EQ(mv[0].id, b);
  EXPECT_EQ(mv[0].x, 6);
  EXPECT_EQ(mv[0].seq, 11u);
  EXPECT_EQ(mv[0].client_time, 101u);
  EXPECT_EQ(h.out.frame_count(b), 1u);  // just its echo
  h.out.clear_frames();

  h.move(b, 3, 12, 102);  // (7, 5)
  h.move(b, 3, 13, 103);  // (8, 5): leaves
  ap = h.packets(a);
  ASSERT_EQ(ap.size(), 2u);
  EXPECT_EQ(std::get<ScMovePlayer>(ap[0]).seq, 12u);
  EXPECT_EQ(std::get<ScRemovePlayer>(ap[1]).id, b);
  bp = h.packets(b);
  ASSERT_EQ(bp.size(), 3u);
  EXPECT_EQ(std::get<ScMovePlayer>(bp[0]).seq, 12u);
  EXPECT_EQ(std::get<ScMovePlayer>(bp[1]).seq, 13u);
  EXPECT_EQ(std::get<ScRemovePlayer>(bp[2]).id, a);
}

TEST_F(View, DiagonalCornerOfTheViewSquareCounts) {
  h.place(a, kWorld, 5, 5);
  h.place(b, kWorld, 8, 8);
  h.out.clear_frames();
  h.move(b, 0);  // (8, 7): dy = 2, dx = 3: still out
  EXPECT_EQ(h.out.frame_count(a), 0u);
  h.move(b, 2);  // (7, 7): |dx| = |dy| = 2: in
  ASSERT_EQ(h.of_type<ScAddPlayer>(a).size(), 1u);
}

TEST_F(View, ClampedMoveStillEchoesAndNotifiesObservers) {
  h.place(a, kWorld, 0, 0);
  h.place(b, kWorld, 1, 0);
  h.out.clear_frames();
  h.move(a, 0, 5, 55);  // up at y = 0: clamped
  h.move(a, 2, 6, 66);  // left at x = 0: clamped
  auto echo = h.of_type<ScMovePlayer>(a);
  ASSERT_EQ(echo.size(), 2u);
  EXPECT_EQ(echo[0].x, 0);
  EXPECT_EQ(echo[0].y, 0);
  EXPECT_EQ(echo[0].seq, 5u);
  EXPECT_EQ(echo[0].client_time, 55u);
  EXPECT_EQ(echo[1].seq, 6u);
  auto seen = h.of_type<ScMovePlayer>(b);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].id, a);
  EXPECT_EQ(seen[1].client_time, 66u);
}

TEST_F(View, ClampAtTheFarEdges) {
  h.place(a, kWorld, kWorld - 1, kWorld - 1);
  h.out.clear_frames();
  h.move(a, 3, 1, 1);
  h.move(a, 1, 2, 2);
  auto echo = h.of_type<ScMovePlayer>(a);
  ASSERT_EQ(echo.size(), 2u);
  for (auto& e : echo) {
    EXPECT_EQ(e.x, kWorld - 1);
    EXPECT_EQ(e.y, kWorld - 1);
  }
}

TEST_F(View, DisconnectTellsOnlyThoseWhoSawThePlayer) {
  ASSERT_TRUE(h.login(sid(3), "c", "pw"));
  h.place(a, kWorld, 5, 5);
  h.place(b, kWorld, 6, 6);
  h.place(sid(3), kWorld, 15, 15);
  h.out.clear_frames();
  h.disconnect(a);
  auto bp = h.packets(b);
  ASSERT_EQ(bp.size(), 1u);
  EXPECT_EQ(std::get<ScRemovePlayer>(bp[0]).id, a);
  EXPECT_EQ(h.out.frame_count(sid(3)), 0u);
  EXPECT_EQ(h.game().players_online(), 2u);
  // Moving next to where a stood shows nobody.
  h.move(b, 0);
  EXPECT_TRUE(h.of_type<ScAddPlayer>(b).empty());
}

TEST(ViewZero, SeesOnlyTheSameTile) {
  Harness z(small_config(5, 0));
  ASSERT_TRUE(z.login(sid(1), "a", "pw"));
  ASSERT_TRUE(z.login(sid(2), "b", "pw"));
  z.place(sid(1), 5, 0, 0);
  z.place(sid(2), 5, 1, 0);
  z.out.clear_frames();
  z.move(sid(2), 2);  // onto (0, 0)
  ASSERT_EQ(z.of_type<ScAddPlayer>(sid(1)).size(), 1u);
  z.move(sid(2), 3);  // off again
  ASSERT_EQ(z.of_type<ScRemovePlayer>(sid(1)).size(), 1u);
}

}  // namespace
}  // namespace iocplab::game::test
