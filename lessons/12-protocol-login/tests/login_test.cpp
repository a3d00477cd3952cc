// Stage 12 checks: SC_LOGIN_OK carries the ID, position and world; each failure gets its
// reason; two players see each other enter; a frame before the login or a second login is
// a violation; a player who left can log in again and keeps its spot.
#include <gtest/gtest.h>

#include "game_client.h"
#include "server.h"

namespace {

ServerConfig small_world(LogWatcher& watcher) {
  ServerConfig config;
  config.workers = 2;
  config.max_clients = 16;
  config.world = 21;  // everyone new starts in the middle, (10,10)
  config.log = watcher.sink();
  return config;
}

TEST(Login, LoginOkCarriesIdPositionAndWorld) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(small_world(watcher)));
  GameClient a;
  ASSERT_TRUE(a.connect(server.port()));
  auto ok = a.login("alice");
  ASSERT_TRUE(ok);
  EXPECT_EQ(index_of((int)ok->id), 0);
  EXPECT_EQ(ok->x, 10);
  EXPECT_EQ(ok->y, 10);
  EXPECT_EQ(ok->world_w, 21);
  EXPECT_EQ(ok->world_h, 21);
  EXPECT_GE(ok->view, 21) << "no view radius yet: the whole world is in view";
}

TEST(Login, EachFailureGetsItsReason) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(small_world(watcher)));
  GameClient alice;
  ASSERT_TRUE(alice.connect(server.port()));
  ASSERT_TRUE(alice.login("alice", "secret"));
  struct Case {
    std::string name, password;
    proto::LoginFail reason;
  } cases[] = {
      {"alice", "wrong", proto::LoginFail::WrongPassword},
      {"alice", "secret", proto::LoginFail::AlreadyLoggedIn},
      {"", "secret", proto::LoginFail::InvalidField},
      {"bob", "", proto::LoginFail::InvalidField},
      {"bad\x01name", "pw", proto::LoginFail::InvalidField},
  };
  for (const Case& c : cases) {
    GameClient other;
    ASSERT_TRUE(other.connect(server.port()));
    ASSERT_TRUE(other.send(proto::make_login(c.name, c.password)));
    auto fail = other.expect<proto::ScLoginFail>();
    ASSERT_TRUE(fail) << c.name << "/" << c.password;
    EXPECT_EQ(fail->reason, (uint8_t)c.reason) << c.name << "/" << c.password;
  }
  // A byte after the name's NUL: the field is invalid even though the name reads "bob".
  proto::CsLogin tail = proto::make_login("bob", "pw");
  tail.name[10] = 'x';
  GameClient other;
  ASSERT_TRUE(other.connect(server.port()));
  ASSERT_TRUE(other.send(tail));
  auto fail = other.expect<proto::ScLoginFail>();
  ASSERT_TRUE(fail);
  EXPECT_EQ(fail->reason, (uint8_t)proto::LoginFail::InvalidField);
}

TEST(Login, TwoPlayersSeeEachOtherEnter) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(small_world(watcher)));
  GameClient a, b;
  ASSERT_TRUE(a.connect(server.port()));
  auto ok_a = a.login("alice");
  ASSERT_TRUE(ok_a);
  ASSERT_TRUE(b.connect(server.port()));
  auto ok_b = b.login("bob");
  ASSERT_TRUE(ok_b);
  auto b_sees = b.expect<proto::ScAddPlayer>();
  ASSERT_TRUE(b_sees);
  EXPECT_EQ(*b_sees, (proto::ScAddPlayer{ok_a->id, 10, 10, "alice"}));
  auto a_sees = a.expect<proto::ScAddPlayer>();
  ASSERT_TRUE(a_sees);
  EXPECT_EQ(*a_sees, (proto::ScAddPlayer{ok_b->id, 10, 10, "bob"}));
}

TEST(Login, AFrameBeforeTheLoginOrASecondLoginIsAViolation) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(small_world(watcher)));
  GameClient early;
  ASSERT_TRUE(early.connect(server.port()));
  ASSERT_TRUE(early.send(proto::CsMove{0, 1, 2}));
  EXPECT_TRUE(early.wait_closed());
  GameClient twice;
  ASSERT_TRUE(twice.connect(server.port()));
  ASSERT_TRUE(twice.login("carol"));
  ASSERT_TRUE(twice.send(proto::make_login("carol", "pw")));
  EXPECT_TRUE(twice.wait_closed());
  EXPECT_EQ(watcher.count("violation"), 2);
  GameClient wrong_size;
  ASSERT_TRUE(wrong_size.connect(server.port()));
  ASSERT_TRUE(wrong_size.send_raw(std::string("\x05\x00\x01hi", 5)));  // CS_LOGIN of 5 bytes
  EXPECT_TRUE(wrong_size.wait_closed());
}

TEST(Login, APlayerWhoLeftLogsInAgain) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(small_world(watcher)));
  {
    GameClient a;
    ASSERT_TRUE(a.connect(server.port()));
    ASSERT_TRUE(a.login("alice", "pw"));
  }
  ASSERT_TRUE(server.wait_until_empty(5000));
  GameClient again;
  ASSERT_TRUE(again.connect(server.port()));
  auto ok = again.login("alice", "pw");
  ASSERT_TRUE(ok) << "not 'already logged in': leaving freed the account";
  EXPECT_EQ(ok->x, 10);
}

}  // namespace
