// Login: registration, every SC_LOGIN_FAIL reason, graceful close, ADD both ways.
#include "harness.h"

namespace iocplab::game::test {
namespace {

using proto::ScAddPlayer;
using proto::ScLoginFail;

uint8_t fail_reason(Harness& h, net::SessionId id) {
  auto fails = h.of_type<ScLoginFail>(id);
  return fails.size() == 1 ? fails[0].reason : 0;
}

TEST(Login, UnknownNameRegistersAndGetsLoginOk) {
  Harness h(small_config(50, 7));
  auto ok = h.login(sid(1), "alice", "pw1");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->id, sid(1));
  EXPECT_LT(ok->x, 50);
  EXPECT_LT(ok->y, 50);
  EXPECT_EQ(ok->world_w, 50);
  EXPECT_EQ(ok->world_h, 50);
  EXPECT_EQ(ok->view, 7);
  EXPECT_EQ(h.game().players_online(), 1u);
  EXPECT_FALSE(h.out.closed(sid(1)));
  EXPECT_EQ(h.out.frame_count(sid(1)), 1u);  // no SC_ADD_PLAYER for itself
}

TEST(Login, ReturningAccountWithRightPassword) {
  Harness h(small_config(50, 7));
  ASSERT_TRUE(h.login(sid(1), "alice", "pw1"));
  h.disconnect(sid(1));
  EXPECT_EQ(h.game().players_online(), 0u);
  ASSERT_TRUE(h.login(sid(2), "alice", "pw1"));
  EXPECT_EQ(h.game().players_online(), 1u);
}

TEST(Login, WrongPasswordFailsWithReason1ThenCloses) {
  Harness h(small_config(50, 7));
  ASSERT_TRUE(h.login(sid(1), "alice", "pw1"));
  h.disconnect(sid(1));
  EXPECT_FALSE(h.login(sid(2), "alice", "nope"));
  EXPECT_EQ(fail_reason(h, sid(2)), 1);
  auto c = h.out.closed(sid(2));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->why, net::CloseReason::LoginFailed);
  EXPECT_EQ(h.game().players_online(), 0u);
}

TEST(Login, WrongPasswordWhileOnlineIsStillReason1) {
  Harness h(small_config(50, 7));
  ASSERT_TRUE(h.login(sid(1), "alice", "pw1"));
  EXPECT_FALSE(h.login(sid(2), "alice", "wrong"));
  EXPECT_EQ(fail_reason(h, sid(2)), 1);
  EXPECT_FALSE(h.out.closed(sid(1)));
}

TEST(Login, RightPasswordWhileOnlineIsReason2) {
  Harness h(small_config(50, 7));
  ASSERT_TRUE(h.login(sid(1), "alice", "pw1"));
  EXPECT_FALSE(h.login(sid(2), "alice", "pw1"));
  EXPECT_EQ(fail_reason(h, sid(2)), 2);
  EXPECT_EQ(h.out.closed(sid(2))->why, net::CloseReason::LoginFailed);
  EXPECT_EQ(h.game().players_online(), 1u);
  EXPECT_FALSE(h.out.closed(sid(1)));
}

TEST(Login, NamesAreComparedByteForByte) {
  Harness h(small_config(50, 7));
  ASSERT_TRUE(h.login(sid(1), "alice", "pw1"));
  ASSERT_TRUE(h.login(sid(2), "Alice", "other"));  // a different account
  ASSERT_TRUE(h.login(sid(3), "김철수", "pw"));     // Korean names are valid
  EXPECT_EQ(h.game().players_online(), 3u);
}

struct BadField {
  const char* what;
  std::array<char, 20> name;
  std::array<char, 20> password;
};

std::array<char, 20> field(std::string_view s) {
  std::array<char, 20> f{};
  for (size_t i = 0; i < s.size() && i < 20; ++i) f[i] = s[i];
  return f;
}

TEST(Login, InvalidFieldsFailWithReason4ThenClose) {
  std::array<char, 20> after_nul = field("bob");
  after_nul[5] = 'x';
  std::array<char, 20> full_pw{};
  full_pw.fill('p');  // 20 bytes, no NUL: valid
  const BadField cases[] = {
      {"empty name", field(""), field("pw")},
      {"empty password", field("bob"), field("")},
      {"byte after NUL in name", after_nul, field("pw")},
      {"byte after NUL in password", field("bob"), after_nul},
      {"control char", field("b\x01ob"), field("pw")},
      {"C1 control char", field("b\xc2\x85ob"), field("pw")},
      {"invalid UTF-8", field("b\xff"), field("pw")},
      {"overlong UTF-8", field("\xc0\xaf"), field("pw")},
      {"surrogate", field("\xed\xa0\x80"), field("pw")},
  };
  Harness h(small_config(50, 7));
  uint32_t slot = 1;
  for (const auto& c : cases) {
    const auto id = sid(slot++);
    h.open(id);
    h.send(id, proto::CsLogin{c.name, c.password});
    ASSERT_TRUE(h.await_answer(id)) << c.what;
    EXPECT_EQ(fail_reason(h, id), 4) << c.what;
    ASSERT_TRUE(h.out.closed(id)) << c.what;
    EXPECT_EQ(h.out.closed(id)->why, net::CloseReason::LoginFailed) << c.what;
  }
  // The 20-byte password without NUL is fine.
  const auto id = sid(slot++);
  h.open(id);
  h.send(id, proto::CsLogin{field("bob"), full_pw});
  ASSERT_TRUE(h.await_answer(id));
  EXPECT_EQ(h.of_type<proto::ScLoginOk>(id).size(), 1u);
  EXPECT_EQ(h.game().players_online(), 1u);
}

TEST(Login, AddPlayerBothWaysForEveryoneInView) {
  Harness h(small_config(10, 9));  // view covers the whole world
  auto a = h.login(sid(1), "a", "pw");
  auto b = h.login(sid(2), "b", "pw");
  ASSERT_TRUE(a && b);
  auto a_adds = h.of_type<ScAddPlayer>(sid(1));
  auto b_adds = h.of_type<ScAddPlayer>(sid(2));
  ASSERT_EQ(a_adds.size(), 1u);
  ASSERT_EQ(b_adds.size(), 1u);
  EXPECT_EQ(a_adds[0].id, sid(2));
  EXPECT_EQ(a_adds[0].name, "b");
  EXPECT_EQ(a_adds[0].x, b->x);
  EXPECT_EQ(a_adds[0].y, b->y);
  EXPECT_EQ(b_adds[0].id, sid(1));
  EXPECT_EQ(b_adds[0].name, "a");
  EXPECT_EQ(b_adds[0].x, a->x);
  // SC_LOGIN_OK comes first.
  EXPECT_TRUE(std::holds_alternative<proto::ScLoginOk>(h.packets(sid(2)).at(0)));
}

TEST(Login, NoAddPlayerForPlayersOutOfView) {
  Harness h(small_config(30, 2));
  ASSERT_TRUE(h.login(sid(1), "a", "pw"));
  h.place(sid(1), 30, 0, 0);
  ASSERT_TRUE(h.login(sid(2), "b", "pw"));
  h.place(sid(2), 30, 29, 29);
  h.out.clear_frames();
  ASSERT_TRUE(h.login(sid(3), "c", "pw"));  // fresh session, anywhere
  auto c = h.of_type<proto::ScLoginOk>(sid(3)).at(0);
  size_t expected = 0;
  if (c.x <= 2 && c.y <= 2) ++expected;
  if (c.x >= 27 && c.y >= 27) ++expected;
  EXPECT_EQ(h.of_type<ScAddPlayer>(sid(3)).size(), expected);
}

TEST(Login, ConcurrentRegistrationsOfOneNameLetOnlyOnePasswordWin) {
  Harness h(small_config(50, 7));
  h.open(sid(1));
  h.open(sid(2));
  h.send(sid(1), proto::make_login("same", "one"));
  h.send(sid(2), proto::make_login("same", "two"));
  ASSERT_TRUE(h.await_answer(sid(1)));
  ASSERT_TRUE(h.await_answer(sid(2)));
  EXPECT_EQ(h.of_type<proto::ScLoginOk>(sid(1)).size(), 1u);  // first in the queue registers
  EXPECT_EQ(fail_reason(h, sid(2)), 1);                       // second has the wrong password
}

}  // namespace
}  // namespace iocplab::game::test
