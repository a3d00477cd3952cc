// WorldState: applying ADD/MOVE/REMOVE/CHAT and measuring own-move round trips.
#include <gtest/gtest.h>

#include "model/world_state.h"

using namespace iocplab::client;
namespace proto = iocplab::proto;

template <class P>
static Frame bytes(const P& p) { return proto::to_bytes(p); }

TEST(WorldState, LoginAddMoveRemove) {
  WorldState w;
  w.self_name = "me";
  ASSERT_TRUE(w.apply(bytes(proto::ScLoginOk{1, 50, 50, 100, 100, 7}), 0, 0));
  EXPECT_TRUE(w.logged_in());
  EXPECT_EQ(w.self()->name, "me");
  EXPECT_EQ(w.view(), 7);
  ASSERT_TRUE(w.apply(bytes(proto::ScAddPlayer{2, 52, 49, "bob"}), 0, 0));
  ASSERT_TRUE(w.apply(bytes(proto::ScAddPlayer{3, 45, 55, "김"}), 0, 0));
  EXPECT_EQ(w.players().size(), 3u);
  ASSERT_TRUE(w.apply(bytes(proto::ScMovePlayer{2, 53, 49, 1, 0}), 1.0, 1000));
  EXPECT_EQ(w.find(2)->x, 53);
  ASSERT_TRUE(w.apply(bytes(proto::ScRemovePlayer{3}), 1.0, 1000));
  EXPECT_EQ(w.find(3), nullptr);
  EXPECT_EQ(w.players().size(), 2u);
  EXPECT_TRUE(w.apply(bytes(proto::ScRemovePlayer{77}), 1.0, 1000));
  EXPECT_EQ(w.unknown_removes(), 1u);
  EXPECT_FALSE(w.apply(make_logout(), 1.0, 1000));  // not a world frame
}

TEST(WorldState, OwnMoveEchoGivesRoundTripTime) {
  WorldState w;
  w.apply(bytes(proto::ScLoginOk{1, 10, 10, 100, 100, 7}), 0, 0);
  EXPECT_FALSE(w.last_rtt_ms());
  w.apply(bytes(proto::ScMovePlayer{1, 11, 10, 1, 5000}), 5.0, 5023);
  ASSERT_TRUE(w.last_rtt_ms());
  EXPECT_EQ(*w.last_rtt_ms(), 23u);
  EXPECT_EQ(w.moves_echoed(), 1u);
  // Someone else's move is not ours to time.
  w.apply(bytes(proto::ScAddPlayer{2, 12, 10, "x"}), 5.0, 5023);
  w.apply(bytes(proto::ScMovePlayer{2, 13, 10, 9, 1}), 5.0, 6000);
  EXPECT_EQ(*w.last_rtt_ms(), 23u);
  EXPECT_EQ(w.moves_echoed(), 1u);
}

TEST(WorldState, MovementIsInterpolatedThenSettles) {
  WorldState w;
  w.apply(bytes(proto::ScLoginOk{1, 10, 10, 100, 100, 7}), 0, 0);
  w.apply(bytes(proto::ScMovePlayer{1, 11, 10, 1, 0}), 1.0, 0);
  float x, y;
  w.draw_position(*w.self(), 1.0, &x, &y);
  EXPECT_FLOAT_EQ(x, 10.0f);
  w.draw_position(*w.self(), 1.0 + WorldState::kMoveSeconds / 2, &x, &y);
  EXPECT_GT(x, 10.0f);
  EXPECT_LT(x, 11.0f);
  w.draw_position(*w.self(), 1.0 + WorldState::kMoveSeconds, &x, &y);
  EXPECT_FLOAT_EQ(x, 11.0f);
  EXPECT_FLOAT_EQ(y, 10.0f);
  // While it slides the frame loop keeps drawing; once settled it may rest.
  EXPECT_TRUE(w.animating(1.0 + WorldState::kMoveSeconds / 2));
  EXPECT_FALSE(w.animating(1.0 + WorldState::kMoveSeconds + 0.001));
  // A jump of several tiles is not animated.
  w.apply(bytes(proto::ScMovePlayer{1, 30, 30, 2, 0}), 2.0, 0);
  w.draw_position(*w.self(), 2.0, &x, &y);
  EXPECT_FLOAT_EQ(x, 30.0f);
}

TEST(WorldState, ViewBoxAndLoginFailAndChat) {
  WorldState w;
  w.apply(bytes(proto::ScLoginFail{1}), 0, 0);
  ASSERT_TRUE(w.login_fail());
  EXPECT_EQ(*w.login_fail(), 1);
  w.apply(bytes(proto::ScLoginOk{1, 10, 10, 100, 100, 2}), 0, 0);
  EXPECT_FALSE(w.login_fail());
  EXPECT_TRUE(w.in_view(12, 8));
  EXPECT_FALSE(w.in_view(13, 10));
  w.apply(bytes(proto::ScAddPlayer{2, 11, 11, "amy"}), 0, 0);
  w.apply(bytes(proto::ScChat{2, "안녕"}), 3.0, 0);
  ASSERT_EQ(w.chat().size(), 1u);
  EXPECT_EQ(w.chat()[0].name, "amy");
  EXPECT_EQ(w.chat()[0].text, "안녕");
}
