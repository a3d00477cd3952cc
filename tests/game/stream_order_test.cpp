// Strict stream order: frames behind a pending CS_LOGIN, logout, frames after close.
#include "harness.h"

namespace iocplab::game::test {
namespace {

TEST(StreamOrder, FramesBehindLoginAreHandledAfterItSucceeds) {
  Harness h(small_config(20, 3));
  const auto id = sid(1);
  h.open(id);
  h.send(id, proto::make_login("alice", "pw"));
  h.move(id, 1, 77, 1234);  // sent without waiting for SC_LOGIN_OK
  h.send(id, proto::CsChat{"hi"});
  h.move(id, 3, 78, 1235);
  EXPECT_EQ(h.out.frame_count(id), 0u);  // the login is still at the account store
  ASSERT_TRUE(h.out.pump_until([&] { return h.out.frame_count(id) >= 4; }));
  auto p = h.packets(id);
  ASSERT_EQ(p.size(), 4u);
  auto ok = std::get<proto::ScLoginOk>(p[0]);
  auto m1 = std::get<proto::ScMovePlayer>(p[1]);
  auto chat = std::get<proto::ScChat>(p[2]);
  auto m2 = std::get<proto::ScMovePlayer>(p[3]);
  EXPECT_EQ(m1.seq, 77u);
  EXPECT_EQ(m1.client_time, 1234u);
  EXPECT_EQ(m1.x, ok.x);
  EXPECT_EQ(m1.y, std::min(ok.y + 1, 19));
  EXPECT_EQ(chat.text, "hi");
  EXPECT_EQ(m2.seq, 78u);
  EXPECT_EQ(m2.x, std::min(ok.x + 1, 19));
  EXPECT_FALSE(h.out.closed(id));
}

TEST(StreamOrder, FramesBehindAFailedLoginAreDropped) {
  Harness h(small_config(20, 3));
  ASSERT_TRUE(h.login(sid(1), "alice", "pw"));
  h.disconnect(sid(1));
  const auto id = sid(2);
  h.open(id);
  h.send(id, proto::make_login("alice", "wrong"));
  h.move(id, 1, 1, 1);
  h.send(id, proto::CsObserve{7});  // would be a violation if it were handled
  ASSERT_TRUE(h.out.pump_until([&] { return h.out.closed(id).has_value(); }));
  h.out.pump_ready();
  auto p = h.packets(id);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(std::get<proto::ScLoginFail>(p[0]).reason, 1);
  EXPECT_EQ(h.out.closed(id)->why, net::CloseReason::LoginFailed);
}

TEST(StreamOrder, AViolationBehindTheLoginIsFoundAfterItSucceeds) {
  Harness h(small_config(20, 3));
  const auto id = sid(1);
  h.open(id);
  h.send(id, proto::make_login("alice", "pw"));
  h.move(id, 9, 1, 1);  // dir out of range
  h.move(id, 1, 2, 2);  // behind the violation: never handled
  ASSERT_TRUE(h.out.pump_until([&] { return h.out.closed(id).has_value(); }));
  EXPECT_EQ(h.out.closed(id)->why, net::CloseReason::Violation);
  auto p = h.packets(id);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<proto::ScLoginOk>(p[0]));
}

TEST(StreamOrder, LogoutClosesAndIgnoresWhatFollows) {
  Harness h(small_config(10, 9));
  ASSERT_TRUE(h.login(sid(1), "a", "pw"));
  ASSERT_TRUE(h.login(sid(2), "b", "pw"));
  h.out.clear_frames();
  h.send(sid(1), proto::CsLogout{});
  h.move(sid(1), 1, 5, 5);
  h.send(sid(1), proto::CsChat{"after logout"});
  EXPECT_EQ(h.out.closed(sid(1))->why, net::CloseReason::Logout);
  EXPECT_EQ(h.out.frame_count(sid(1)), 0u);
  auto b = h.packets(sid(2));
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(std::get<proto::ScRemovePlayer>(b[0]).id, sid(1));
  h.out.pump_ready();  // the network's on_close
  EXPECT_EQ(h.out.frame_count(sid(2)), 1u);  // no second REMOVE
  EXPECT_EQ(h.game().players_online(), 1u);
  EXPECT_EQ(h.out.double_closes(), 0);
}

TEST(StreamOrder, WhatIsHeldBehindAPendingLoginIsBounded) {
  Harness h(small_config(20, 3));
  const auto id = sid(1);
  h.open(id);
  h.send(id, proto::make_login("alice", "pw"));
  // The answer waits in the outbox queue until pumped: the login stays pending meanwhile.
  for (int i = 0; i < 100000 && !h.out.closed(id); ++i) h.move(id, 1, uint32_t(i), 0);
  auto c = h.out.closed(id);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->why, net::CloseReason::Violation);
  h.out.pump_ready();
  EXPECT_EQ(h.out.frame_count(id), 0u);
  EXPECT_EQ(h.game().players_online(), 0u);
}

TEST(StreamOrder, DisconnectWhileLoginPendingDropsTheAnswer) {
  Harness h(small_config(20, 3));
  const auto id = sid(1);
  h.open(id);
  h.send(id, proto::make_login("alice", "pw"));
  h.disconnect(id);
  // The store answers in queue order: once sid(2) has its answer, sid(1)'s has run too.
  auto ok = h.login(sid(2), "alice", "pw");
  ASSERT_TRUE(ok);  // the orphaned answer did not take the name
  EXPECT_EQ(h.out.frame_count(id), 0u);
  EXPECT_EQ(h.game().players_online(), 1u);
}

}  // namespace
}  // namespace iocplab::game::test
