// Stage 17 checks (stage 13's game test, with the store's test settings): login OK and its failures, the move echo with seq and client_time (also
// when clamped), two players seeing each other enter, move and leave view, logout and
// disconnect notices, a violation that closes only the client that made it, server full.
#include <gtest/gtest.h>

#include "game_client.h"
#include "server.h"

namespace {

// A small world: everyone new starts in the middle, (10,10); view 2.
ServerConfig small_world(LogWatcher& watcher) {
  ServerConfig config;
  config.workers = 2;
  config.max_clients = 16;
  config.world = 21;
  config.view = 2;
  config.log = watcher.sink();
  config.db = ":memory:";  // never a file the two engines' runs would share
  config.hash_memory_kib = 8;  // the load-test cost of docs/PROTOCOL.md
  config.hash_passes = 1;
  return config;
}

TEST(Game, LoginOkCarriesIdPositionWorldAndView) {
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
  EXPECT_EQ(ok->view, 2);
}

TEST(Game, LoginFailsWithItsReasonThenTheConnectionEnds) {
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
    EXPECT_TRUE(other.wait_closed()) << "the frame first, then the end of the stream";
  }
}

TEST(Game, TheMoverGetsItsSeqAndClientTimeBackEvenWhenClamped) {
  LogWatcher watcher;
  Server server;
  ServerConfig config = small_world(watcher);
  config.world = 3;  // start at (1,1): one step up is the edge
  ASSERT_TRUE(server.start(config));
  GameClient a;
  ASSERT_TRUE(a.connect(server.port()));
  auto ok = a.login("alice");
  ASSERT_TRUE(ok);
  ASSERT_TRUE(a.move(proto::Dir::Up, 1));
  ASSERT_TRUE(a.move(proto::Dir::Up, 2));  // clamped: y stays 0, but the echo comes
  ASSERT_TRUE(a.move(proto::Dir::Right, 3));
  proto::ScMovePlayer expected[] = {{ok->id, 1, 0, 1, 1007}, {ok->id, 1, 0, 2, 2007}, {ok->id, 2, 0, 3, 3007}};
  for (const proto::ScMovePlayer& want : expected) {
    auto got = a.expect<proto::ScMovePlayer>();
    ASSERT_TRUE(got);
    EXPECT_EQ(*got, want) << "seq " << want.seq;
  }
}

TEST(Game, FramesRightBehindTheLoginWaitForIt) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(small_world(watcher)));
  GameClient a;
  ASSERT_TRUE(a.connect(server.port()));
  std::vector<uint8_t> both = proto::to_bytes(proto::make_login("alice", "pw"));
  proto::encode(both, proto::CsMove{(uint8_t)proto::Dir::Left, 42, 99});
  ASSERT_TRUE(a.send_raw(std::string(both.begin(), both.end())));  // one write, two frames
  auto ok = a.expect<proto::ScLoginOk>();
  ASSERT_TRUE(ok);
  auto echo = a.expect<proto::ScMovePlayer>();
  ASSERT_TRUE(echo);
  EXPECT_EQ(*echo, (proto::ScMovePlayer{ok->id, 9, 10, 42, 99}));
}

TEST(Game, TwoPlayersSeeEachOtherEnterMoveAndLeaveView) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(small_world(watcher)));
  GameClient a, b;
  ASSERT_TRUE(a.connect(server.port()));
  auto a_ok = a.login("alice");
  ASSERT_TRUE(a_ok);
  ASSERT_TRUE(b.connect(server.port()));
  auto b_ok = b.login("bob");
  ASSERT_TRUE(b_ok);
  // Both at (10,10): each is told about the other.
  auto a_in_b = b.expect<proto::ScAddPlayer>();
  ASSERT_TRUE(a_in_b);
  EXPECT_EQ(*a_in_b, (proto::ScAddPlayer{a_ok->id, 10, 10, "alice"}));
  auto b_in_a = a.expect<proto::ScAddPlayer>();
  ASSERT_TRUE(b_in_a);
  EXPECT_EQ(*b_in_a, (proto::ScAddPlayer{b_ok->id, 10, 10, "bob"}));

  // Bob steps right twice: still in view (dx 2), alice sees both moves with bob's seq.
  for (uint32_t seq = 1; seq <= 2; ++seq) {
    ASSERT_TRUE(b.move(proto::Dir::Right, seq));
    auto echo = b.expect<proto::ScMovePlayer>();
    ASSERT_TRUE(echo);
    EXPECT_EQ(echo->seq, seq);
    auto seen = a.expect<proto::ScMovePlayer>();
    ASSERT_TRUE(seen);
    EXPECT_EQ(*seen, (proto::ScMovePlayer{b_ok->id, (uint16_t)(10 + seq), 10, seq, seq * 1000 + 7}));
  }
  // A third step: dx 3, out of view. Each is told the other left.
  ASSERT_TRUE(b.move(proto::Dir::Right, 3));
  auto echo = b.expect<proto::ScMovePlayer>();
  ASSERT_TRUE(echo);
  EXPECT_EQ(echo->x, 13);
  auto gone_b = a.expect<proto::ScRemovePlayer>();
  ASSERT_TRUE(gone_b);
  EXPECT_EQ(gone_b->id, b_ok->id);
  auto gone_a = b.expect<proto::ScRemovePlayer>();
  ASSERT_TRUE(gone_a);
  EXPECT_EQ(gone_a->id, a_ok->id);

  // And back: they enter each other's view again.
  ASSERT_TRUE(b.move(proto::Dir::Left, 4));
  ASSERT_TRUE(b.expect<proto::ScMovePlayer>());
  auto back_b = a.expect<proto::ScAddPlayer>();
  ASSERT_TRUE(back_b);
  EXPECT_EQ(*back_b, (proto::ScAddPlayer{b_ok->id, 12, 10, "bob"}));
  auto back_a = b.expect<proto::ScAddPlayer>();
  ASSERT_TRUE(back_a);
  EXPECT_EQ(*back_a, (proto::ScAddPlayer{a_ok->id, 10, 10, "alice"}));

  // Bob logs out: alice is told, bob's connection ends after what was queued for it.
  ASSERT_TRUE(b.send(proto::CsLogout{}));
  auto bye = a.expect<proto::ScRemovePlayer>();
  ASSERT_TRUE(bye);
  EXPECT_EQ(bye->id, b_ok->id);
  EXPECT_TRUE(b.wait_closed());
}

TEST(Game, FramesBehindALogoutAreIgnored) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(small_world(watcher)));
  GameClient a;
  ASSERT_TRUE(a.connect(server.port()));
  ASSERT_TRUE(a.login("alice"));
  std::vector<uint8_t> both = proto::to_bytes(proto::CsLogout{});
  proto::encode(both, proto::CsMove{(uint8_t)proto::Dir::Left, 1, 1});
  ASSERT_TRUE(a.send_raw(std::string(both.begin(), both.end())));
  std::string after = a.next_frame();
  EXPECT_TRUE(after.empty()) << "got " << proto::type_name((uint8_t)after[2]) << " after the logout";
  EXPECT_TRUE(a.wait_closed()) << "the stream ended";
  EXPECT_EQ(watcher.count("violation"), 0);
  EXPECT_EQ(watcher.count("move"), 0);
}

TEST(Game, ADisconnectIsANoticeAndThePositionIsKept) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(small_world(watcher)));
  GameClient a;
  ASSERT_TRUE(a.connect(server.port()));
  auto a_ok = a.login("alice");
  ASSERT_TRUE(a_ok);
  uint32_t bob_id;
  {
    GameClient b;
    ASSERT_TRUE(b.connect(server.port()));
    auto b_ok = b.login("bob");
    ASSERT_TRUE(b_ok);
    bob_id = b_ok->id;
    ASSERT_TRUE(a.expect<proto::ScAddPlayer>());
    ASSERT_TRUE(b.move(proto::Dir::Down, 1));
    ASSERT_TRUE(b.expect<proto::ScAddPlayer>());  // alice, from the login
    ASSERT_TRUE(b.expect<proto::ScMovePlayer>());
    ASSERT_TRUE(a.expect<proto::ScMovePlayer>());
  }  // bob's socket closes without a logout
  auto gone = a.expect<proto::ScRemovePlayer>();
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->id, bob_id);

  GameClient again;  // bob comes back where he left, with a new ID
  ASSERT_TRUE(again.connect(server.port()));
  auto back = again.login("bob");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->x, 10);
  EXPECT_EQ(back->y, 11);
  EXPECT_NE(back->id, bob_id);
}

TEST(Game, AViolationClosesOnlyThatClient) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(small_world(watcher)));
  GameClient a, b;
  ASSERT_TRUE(a.connect(server.port()));
  ASSERT_TRUE(a.login("alice"));
  ASSERT_TRUE(b.connect(server.port()));
  auto b_ok = b.login("bob");
  ASSERT_TRUE(b_ok);
  ASSERT_TRUE(b.expect<proto::ScAddPlayer>());
  ASSERT_TRUE(a.expect<proto::ScAddPlayer>());

  struct Bad {
    const char* what;
    bool log_in_first;
    std::string bytes;
  };
  std::vector<uint8_t> move9 = proto::to_bytes(proto::CsMove{9, 1, 1});
  std::vector<uint8_t> early_move = proto::to_bytes(proto::CsMove{0, 1, 1});
  std::vector<uint8_t> second_login = proto::to_bytes(proto::make_login("carol", "pw"));
  Bad bads[] = {
      {"dir 9", true, std::string(move9.begin(), move9.end())},
      {"a move before the login", false, std::string(early_move.begin(), early_move.end())},
      {"a second login", true, std::string(second_login.begin(), second_login.end())},
      {"an unknown type", true, make_packet(77, "x")},
      {"a size of 2000", true, std::string("\xD0\x07\x02", 3)},
      {"a move of the wrong size", true, make_packet(2, "abc")},
  };
  uint32_t seq = 0;
  for (const Bad& bad : bads) {
    GameClient carol;
    ASSERT_TRUE(carol.connect(server.port()));
    uint32_t carol_id = 0;
    if (bad.log_in_first) {
      auto ok = carol.login("carol");
      ASSERT_TRUE(ok) << bad.what;
      carol_id = ok->id;
      ASSERT_TRUE(carol.expect<proto::ScAddPlayer>());  // alice and bob
      ASSERT_TRUE(carol.expect<proto::ScAddPlayer>());
      ASSERT_TRUE(a.expect<proto::ScAddPlayer>());
      ASSERT_TRUE(b.expect<proto::ScAddPlayer>());
    }
    ASSERT_TRUE(carol.send_raw(bad.bytes));
    EXPECT_TRUE(carol.wait_closed()) << bad.what << " closes carol";
    if (bad.log_in_first) {  // the others only see carol go
      auto gone = a.expect<proto::ScRemovePlayer>();
      ASSERT_TRUE(gone) << bad.what;
      EXPECT_EQ(gone->id, carol_id);
      ASSERT_TRUE(b.expect<proto::ScRemovePlayer>());
    }
    // ... and go on playing: bob's next move reaches alice, and nothing else came first.
    ASSERT_TRUE(b.move(proto::Dir::Up, ++seq));
    auto echo = b.expect<proto::ScMovePlayer>();
    ASSERT_TRUE(echo) << bad.what;
    EXPECT_EQ(echo->seq, seq);
    auto seen = a.expect<proto::ScMovePlayer>();
    ASSERT_TRUE(seen) << bad.what;
    EXPECT_EQ(seen->id, b_ok->id);
    ASSERT_TRUE(b.move(proto::Dir::Down, ++seq));  // back to (10,10), in everyone's view
    ASSERT_TRUE(b.expect<proto::ScMovePlayer>());
    ASSERT_TRUE(a.expect<proto::ScMovePlayer>());
  }
  EXPECT_EQ(watcher.count("violation"), 5) << watcher.all();  // the bad size is logged as such
  EXPECT_EQ(watcher.count("invalid packet size"), 1);
}

TEST(Game, ServerFullGetsLoginFailThree) {
  LogWatcher watcher;
  Server server;
  ServerConfig config = small_world(watcher);
  config.max_clients = 1;
  ASSERT_TRUE(server.start(config));
  GameClient a, b;
  ASSERT_TRUE(a.connect(server.port()));
  ASSERT_TRUE(a.login("alice"));
  ASSERT_TRUE(b.connect(server.port()));
  auto fail = b.expect<proto::ScLoginFail>();
  ASSERT_TRUE(fail);
  EXPECT_EQ(fail->reason, (uint8_t)proto::LoginFail::ServerFull);
}

}  // namespace
