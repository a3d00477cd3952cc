// End to end over loopback against the real server (net + game in this process): every
// rule of PROTOCOL.md that a client can observe.
#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <memory>
#include <thread>

#include "game_client.h"
#include "in_process_server.h"

using namespace std::chrono_literals;
using iocplab::testing::GameClient;
using iocplab::testing::InProcessServer;
using iocplab::testing::ServerOptions;
namespace proto = iocplab::proto;

namespace {

std::unique_ptr<InProcessServer> start_server(ServerOptions o = {}) {
  auto s = std::make_unique<InProcessServer>(o);
  std::string error;
  EXPECT_TRUE(s->start(&error)) << error;
  return s;
}

GameClient logged_in(InProcessServer& s, const std::string& name, const std::string& pw = "pw") {
  GameClient c;
  EXPECT_TRUE(c.connect(s.port()));
  EXPECT_TRUE(c.login(name, pw).has_value()) << name;
  return c;
}

std::vector<uint8_t> raw_frame(uint8_t type, std::vector<uint8_t> payload) {
  std::vector<uint8_t> f{static_cast<uint8_t>((payload.size() + 3) & 0xFF),
                         static_cast<uint8_t>((payload.size() + 3) >> 8), type};
  f.insert(f.end(), payload.begin(), payload.end());
  return f;
}

// Bounded wait for a server counter.
template <class F>
bool eventually(F f, std::chrono::milliseconds limit = 5s) {
  auto end = std::chrono::steady_clock::now() + limit;
  while (!f()) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(2ms);
  }
  return true;
}

// A test name from a description: letters and digits, the rest as '_'.
template <class Param>
std::string name_of(const ::testing::TestParamInfo<Param>& info) {
  std::string out;
  for (const char* p = info.param.what; *p; ++p) out += std::isalnum(static_cast<unsigned char>(*p)) ? *p : '_';
  return out;
}

}  // namespace

// ---------------------------------------------------------------- login

TEST(Login, FirstLoginRegistersAndGetsIdPositionWorldAndView) {
  auto s = start_server({.world = 50, .view = 3});
  GameClient c;
  ASSERT_TRUE(c.connect(s->port()));
  auto ok = c.login("alice", "secret");
  ASSERT_TRUE(ok);
  EXPECT_NE(ok->id, 0u);
  EXPECT_LT(ok->x, 50);
  EXPECT_LT(ok->y, 50);
  EXPECT_EQ(ok->world_w, 50);
  EXPECT_EQ(ok->world_h, 50);
  EXPECT_EQ(ok->view, 3);
  ASSERT_TRUE(c.sync());
  EXPECT_EQ(c.view.count(c.id), 0u) << "no SC_ADD_PLAYER for the player itself";
}

TEST(Login, ReturningAccountGetsItsSavedPosition) {
  auto s = start_server({.world = 30, .view = 2});
  GameClient::Pos saved;
  {
    GameClient c = logged_in(*s, "bob", "pw1");
    ASSERT_TRUE(c.walk_to(7, 9));
    saved = c.pos;
    ASSERT_TRUE(c.send_packet(proto::CsLogout{}));
    EXPECT_TRUE(c.conn.wait_eof(5s));
  }
  GameClient again;
  ASSERT_TRUE(again.connect(s->port()));
  auto ok = again.login("bob", "pw1");
  ASSERT_TRUE(ok);
  EXPECT_EQ((GameClient::Pos{ok->x, ok->y}), saved);
}

TEST(Login, WrongPasswordGetsFail1ThenEndOfStream) {
  auto s = start_server();
  { GameClient c = logged_in(*s, "carol", "right"); }  // registers, then disconnects
  GameClient c;
  ASSERT_TRUE(c.connect(s->port()));
  EXPECT_EQ(c.login_fail("carol", "wrong"), 1);
  EXPECT_TRUE(c.conn.wait_eof(5s));
}

TEST(Login, WrongPasswordWhileOnlineIsStillFail1) {
  auto s = start_server();
  GameClient first = logged_in(*s, "dave", "right");
  GameClient c;
  ASSERT_TRUE(c.connect(s->port()));
  EXPECT_EQ(c.login_fail("dave", "wrong"), 1);
  EXPECT_TRUE(c.conn.wait_eof(5s));
  EXPECT_TRUE(first.sync()) << "the online player is unaffected";
}

TEST(Login, SecondLoginOfAnOnlineAccountGetsFail2AndTheFirstKeepsPlaying) {
  auto s = start_server();
  GameClient first = logged_in(*s, "erin", "pw");
  GameClient c;
  ASSERT_TRUE(c.connect(s->port()));
  EXPECT_EQ(c.login_fail("erin", "pw"), 2);
  EXPECT_TRUE(c.conn.wait_eof(5s));
  EXPECT_TRUE(first.step(1));
}

struct BadLogin {
  const char* what;
  std::array<char, 20> name, password;
};

std::array<char, 20> field(std::string_view s) {
  std::array<char, 20> f{};
  for (size_t i = 0; i < s.size() && i < 20; ++i) f[i] = s[i];
  return f;
}

class InvalidLogin : public ::testing::TestWithParam<BadLogin> {};

TEST_P(InvalidLogin, GetsFail4ThenEndOfStream) {
  auto s = start_server();
  GameClient c;
  ASSERT_TRUE(c.connect(s->port()));
  proto::CsLogin login;
  login.name = GetParam().name;
  login.password = GetParam().password;
  ASSERT_TRUE(c.send_packet(login));
  auto fail = c.expect<proto::ScLoginFail>();
  ASSERT_TRUE(fail) << GetParam().what;
  EXPECT_EQ(fail->reason, 4);
  EXPECT_TRUE(c.conn.wait_eof(5s));
}

INSTANTIATE_TEST_SUITE_P(
    Fields, InvalidLogin,
    ::testing::Values(BadLogin{"empty name", field(""), field("pw")},
                      BadLogin{"empty password", field("frank"), field("")},
                      BadLogin{"byte after the name's NUL", field(std::string("ab\0c", 4)), field("pw")},
                      BadLogin{"byte after the password's NUL", field("gina"), field(std::string("p\0w", 3))},
                      BadLogin{"control character", field("a\x01" "b"), field("pw")},
                      BadLogin{"DEL", field("a\x7f"), field("pw")},
                      BadLogin{"C1 control U+0085", field("a\xc2\x85"), field("pw")},
                      BadLogin{"invalid UTF-8", field("a\xff"), field("pw")},
                      BadLogin{"overlong UTF-8", field("\xc0\xaf"), field("pw")},
                      BadLogin{"surrogate", field("\xed\xa0\x80"), field("pw")},
                      BadLogin{"cut UTF-8 sequence", field("ab\xea\xb0"), field("pw")}),
    name_of<BadLogin>);

TEST(Login, KoreanAndFullTwentyByteNamesAreValid) {
  auto s = start_server();
  GameClient a, b;
  ASSERT_TRUE(a.connect(s->port()));
  EXPECT_TRUE(a.login("\xed\x95\x9c\xea\xb8\x80", "pw"));  // 한글
  ASSERT_TRUE(b.connect(s->port()));
  EXPECT_TRUE(b.login("abcdefghijklmnopqrst", "12345678901234567890"));
}

TEST(Login, OverMaxSessionsGetsFail3ThenEndOfStream) {
  auto s = start_server({.max_sessions = 2});
  GameClient a = logged_in(*s, "p1");
  GameClient b;
  ASSERT_TRUE(b.connect(s->port()));  // holds a session without logging in
  ASSERT_TRUE(eventually([&] { return s->net().totals().sessions == 2; }));
  GameClient c;
  ASSERT_TRUE(c.connect(s->port()));
  EXPECT_EQ(c.login_fail("p3", "pw"), 3);
  EXPECT_TRUE(c.conn.wait_eof(5s));
  EXPECT_TRUE(a.sync());
}

TEST(Login, NoCompleteLoginWithinTheTimeoutClosesTheConnection) {
  auto s = start_server({.login_timeout = 1});
  GameClient idle, partial;
  ASSERT_TRUE(idle.connect(s->port()));
  ASSERT_TRUE(partial.connect(s->port()));
  auto login = proto::to_bytes(proto::make_login("slow", "pw"));
  ASSERT_TRUE(partial.send(std::vector<uint8_t>(login.begin(), login.begin() + 20)));  // half a login
  auto t0 = std::chrono::steady_clock::now();
  idle.conn.wait_eof(5s);
  partial.conn.wait_eof(5s);
  auto took = std::chrono::steady_clock::now() - t0;
  EXPECT_TRUE(idle.conn.eof());
  EXPECT_TRUE(partial.conn.eof());
  EXPECT_GE(took, 500ms);
  EXPECT_LT(took, 4s);
  EXPECT_TRUE(eventually([&] { return s->net().totals().login_timeouts == 2; }));
}

// ---------------------------------------------------------------- stream order

TEST(StreamOrder, MoveRightBehindLoginIsHandledAfterTheLogin) {
  auto s = start_server({.world = 100});
  GameClient c;
  ASSERT_TRUE(c.connect(s->port()));
  proto::CsMove m{.dir = 1, .seq = 77, .client_time = 1234};
  auto ok = c.login("hank", "pw", proto::to_bytes(m));
  ASSERT_TRUE(ok) << "SC_LOGIN_OK comes first";
  auto echo = c.expect<proto::ScMovePlayer>();
  ASSERT_TRUE(echo);
  EXPECT_EQ(echo->id, ok->id);
  EXPECT_EQ(echo->seq, 77u);
  EXPECT_EQ(echo->client_time, 1234u);
  EXPECT_EQ(echo->x, ok->x);
  EXPECT_EQ(echo->y, std::min<int>(ok->y + 1, 99));
}

TEST(StreamOrder, FramesBehindAFailedLoginAreDropped) {
  auto s = start_server();
  { GameClient c = logged_in(*s, "ivy", "right"); }
  GameClient c;
  ASSERT_TRUE(c.connect(s->port()));
  auto bytes = proto::to_bytes(proto::make_login("ivy", "wrong"));
  auto move = proto::to_bytes(proto::CsMove{.dir = 0, .seq = 1, .client_time = 1});
  bytes.insert(bytes.end(), move.begin(), move.end());
  ASSERT_TRUE(c.send(bytes));
  auto fail = c.expect<proto::ScLoginFail>();
  ASSERT_TRUE(fail);
  EXPECT_EQ(fail->reason, 1);
  EXPECT_FALSE(c.next(2s).has_value()) << "nothing after SC_LOGIN_FAIL";
  EXPECT_TRUE(c.conn.eof());
  EXPECT_FALSE(c.conn.reset());
}

TEST(StreamOrder, ManyMovesComeBackInOrder) {
  auto s = start_server({.world = 1000});
  GameClient c = logged_in(*s, "jack");
  for (int i = 0; i < 200; ++i) ASSERT_TRUE(c.move(static_cast<uint8_t>(i % 4)));
  for (uint32_t want = 1; want <= 200; ++want) {
    auto mv = c.expect<proto::ScMovePlayer>();
    ASSERT_TRUE(mv);
    ASSERT_EQ(mv->seq, want);
  }
}

// ---------------------------------------------------------------- world and view

TEST(View, LoginExchangesAddWithPlayersInView) {
  auto s = start_server({.world = 5, .view = 7});  // everyone sees everyone
  GameClient a = logged_in(*s, "a1");
  GameClient b = logged_in(*s, "b1");
  ASSERT_TRUE(b.sync());
  ASSERT_TRUE(a.sync());
  ASSERT_EQ(a.view.count(b.id), 1u);
  ASSERT_EQ(b.view.count(a.id), 1u);
  EXPECT_EQ(a.view[b.id], b.pos);
  EXPECT_EQ(b.view[a.id], a.pos);
}

TEST(View, MovesInsideTheViewAreSeenAndLeavingAndEnteringExchangeRemoveAndAdd) {
  auto s = start_server({.world = 20, .view = 2, .move_rate = 0});  // walks across in bursts
  GameClient a = logged_in(*s, "watcher");
  GameClient b = logged_in(*s, "walker");
  ASSERT_TRUE(a.walk_to(0, 0));
  ASSERT_TRUE(b.walk_to(19, 19));
  ASSERT_TRUE(a.sync());
  ASSERT_TRUE(b.sync());
  ASSERT_EQ(a.view.count(b.id), 0u);
  ASSERT_EQ(b.view.count(a.id), 0u);

  // b walks to a: both get SC_ADD_PLAYER when b comes within 2 tiles.
  ASSERT_TRUE(b.walk_to(2, 2));
  ASSERT_TRUE(b.sync());
  ASSERT_TRUE(a.sync());
  EXPECT_EQ(a.view.count(b.id), 1u);
  EXPECT_EQ(b.view.count(a.id), 1u);
  EXPECT_EQ(a.view[b.id], (GameClient::Pos{2, 2}));

  // A move inside the view: a sees it with b's seq.
  auto moves_before = a.moves_seen;
  ASSERT_TRUE(b.step(2));  // to (1,2)
  ASSERT_TRUE(a.sync());
  EXPECT_EQ(a.moves_seen, moves_before + 1);
  EXPECT_EQ(a.view[b.id], (GameClient::Pos{1, 2}));

  // A clamped move at the edge is echoed and still seen by the others.
  ASSERT_TRUE(a.step(0));  // up from y=0: clamped
  EXPECT_EQ(a.pos, (GameClient::Pos{0, 0}));
  ASSERT_TRUE(b.sync());
  EXPECT_EQ(b.view[a.id], (GameClient::Pos{0, 0}));

  // b leaves: both get SC_REMOVE_PLAYER.
  ASSERT_TRUE(b.walk_to(1, 3));  // |dy| = 3 > 2
  ASSERT_TRUE(b.sync());
  ASSERT_TRUE(a.sync());
  EXPECT_EQ(a.view.count(b.id), 0u);
  EXPECT_EQ(b.view.count(a.id), 0u);
}

// ---------------------------------------------------------------- chat

TEST(Chat, ReachesTheSenderAndPlayersInViewAndNoOneElse) {
  auto s = start_server({.world = 30, .view = 2});
  GameClient a = logged_in(*s, "talker");
  GameClient b = logged_in(*s, "near");
  GameClient c = logged_in(*s, "far");
  ASSERT_TRUE(a.walk_to(0, 0));
  ASSERT_TRUE(b.walk_to(1, 2));
  ASSERT_TRUE(c.walk_to(29, 29));
  ASSERT_TRUE(a.send_packet(proto::CsChat{"hello \xea\xb0\x80"}));  // UTF-8 text
  auto mine = a.expect<proto::ScChat>();
  ASSERT_TRUE(mine);
  EXPECT_EQ(mine->id, a.id);
  EXPECT_EQ(mine->text, "hello \xea\xb0\x80");
  auto theirs = b.expect<proto::ScChat>();
  ASSERT_TRUE(theirs);
  EXPECT_EQ(theirs->id, a.id);
  EXPECT_EQ(theirs->text, "hello \xea\xb0\x80");
  ASSERT_TRUE(c.sync());
  for (auto& [from, text] : c.chats) EXPECT_NE(from, a.id) << "far away: " << text;
}

TEST(Chat, TwoHundredBytesIsAllowed) {
  auto s = start_server();
  GameClient a = logged_in(*s, "long");
  ASSERT_TRUE(a.send_packet(proto::CsChat{std::string(200, 'x')}));
  auto chat = a.expect<proto::ScChat>();
  ASSERT_TRUE(chat);
  EXPECT_EQ(chat->text.size(), 200u);
}

// ---------------------------------------------------------------- logout

TEST(Logout, ClosesTheConnectionIgnoresWhatFollowsAndOthersGetRemove) {
  auto s = start_server({.world = 5});
  GameClient a = logged_in(*s, "leaver");
  GameClient b = logged_in(*s, "stayer");
  ASSERT_TRUE(a.sync());
  ASSERT_TRUE(b.sync());
  ASSERT_EQ(b.view.count(a.id), 1u);
  auto bytes = proto::to_bytes(proto::CsLogout{});
  auto chat = proto::to_bytes(proto::CsChat{"ghost"});
  bytes.insert(bytes.end(), chat.begin(), chat.end());
  ASSERT_TRUE(a.send(bytes));
  while (a.next(3s)) {
  }
  EXPECT_TRUE(a.conn.eof());
  for (auto& [from, text] : a.chats) EXPECT_NE(text, "ghost") << "frames behind CS_LOGOUT are ignored";
  auto rm = b.expect<proto::ScRemovePlayer>();
  ASSERT_TRUE(rm);
  EXPECT_EQ(rm->id, a.id);
  ASSERT_TRUE(b.sync());
  for (auto& [from, text] : b.chats) EXPECT_NE(text, "ghost");
}

TEST(Logout, DisconnectAndResetAlsoRemoveThePlayer) {
  auto s = start_server({.world = 5});
  GameClient b = logged_in(*s, "observer");
  {
    GameClient a = logged_in(*s, "dropper");
    ASSERT_TRUE(b.sync());
    ASSERT_EQ(b.view.count(a.id), 1u);
    a.conn.close();
  }
  ASSERT_TRUE(b.expect<proto::ScRemovePlayer>());
  EXPECT_TRUE(b.view.empty());
  GameClient c = logged_in(*s, "resetter");
  ASSERT_TRUE(b.sync());
  ASSERT_EQ(b.view.count(c.id), 1u);
  struct linger hard {1, 0};
  setsockopt(c.conn.fd(), SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
  c.conn.close();  // RST
  ASSERT_TRUE(b.expect<proto::ScRemovePlayer>());
  EXPECT_TRUE(b.view.empty());
}

// ---------------------------------------------------------------- violations

struct Violation {
  const char* what;
  bool login_first;
  std::vector<uint8_t> bytes;
};

class Violations : public ::testing::TestWithParam<Violation> {};

TEST_P(Violations, CloseOnlyThatConnection) {
  auto s = start_server({.world = 5});
  GameClient bystander = logged_in(*s, "bystander");
  GameClient bad;
  ASSERT_TRUE(bad.connect(s->port()));
  if (GetParam().login_first) {
    ASSERT_TRUE(bad.login("offender", "pw"));
    ASSERT_TRUE(bystander.sync());
    ASSERT_EQ(bystander.view.count(bad.id), 1u);
  }
  ASSERT_TRUE(bad.send(GetParam().bytes));
  bad.conn.wait_eof(5s);
  EXPECT_TRUE(bad.conn.eof()) << GetParam().what;
  EXPECT_TRUE(eventually([&] { return s->net().totals().violations == 1; })) << GetParam().what;
  // The bystander notices nothing but the usual SC_REMOVE_PLAYER.
  if (GetParam().login_first) {
    auto rm = bystander.expect<proto::ScRemovePlayer>();
    ASSERT_TRUE(rm);
    EXPECT_EQ(rm->id, bad.id);
  }
  ASSERT_TRUE(bystander.sync());
  EXPECT_EQ(bystander.view.count(bad.id), 0u);
  EXPECT_EQ(bystander.removes, GetParam().login_first ? 1u : 0u);
  EXPECT_TRUE(bystander.step(1));
}

INSTANTIATE_TEST_SUITE_P(
    AllKinds, Violations,
    ::testing::Values(
        Violation{"move before login", false, raw_frame(2, {0, 1, 0, 0, 0, 1, 0, 0, 0})},
        Violation{"chat before login", false, raw_frame(3, {'h', 'i'})},
        Violation{"size below 3", false, {2, 0, 1}},
        Violation{"size over 1024", false, {0x01, 0x04, 1}},
        Violation{"size over 1024 after login", true, {0xff, 0xff, 3}},
        Violation{"unknown type", true, raw_frame(99, {})},
        Violation{"server type from a client", true, raw_frame(11, std::vector<uint8_t>(14))},
        Violation{"login of the wrong size", false, raw_frame(1, std::vector<uint8_t>(39, 'a'))},
        Violation{"move of the wrong size", true, raw_frame(2, {0, 1, 0, 0, 0})},
        Violation{"logout with a payload", true, raw_frame(4, {0})},
        Violation{"second login", true, proto::to_bytes(proto::make_login("offender2", "pw"))},
        Violation{"dir 4", true, raw_frame(2, {4, 1, 0, 0, 0, 1, 0, 0, 0})},
        Violation{"observe 2", true, raw_frame(5, {2})},
        Violation{"empty chat", true, raw_frame(3, {})},
        Violation{"chat of 201 bytes", true, raw_frame(3, std::vector<uint8_t>(201, 'x'))},
        Violation{"chat not UTF-8", true, raw_frame(3, {'a', 0xff})}),
    name_of<Violation>);

// ---------------------------------------------------------------- slow readers

TEST(SlowReader, IsCutOffAndTheServerStaysBounded) {
  auto s = start_server({.world = 5, .send_limit = 4096, .chat_rate = 0});  // a chat flood
  GameClient slow;
  slow.conn.set_recv_buffer(2048);
  ASSERT_TRUE(slow.connect(s->port()));
  ASSERT_TRUE(slow.login("sleepy", "pw"));
  GameClient talker = logged_in(*s, "chatty");
  ASSERT_TRUE(talker.sync());
  ASSERT_EQ(talker.view.count(slow.id), 1u);
  const std::string text(200, 'z');
  int sent = 0;
  for (; sent < 20000 && s->net().totals().slow_readers == 0; ++sent) {
    ASSERT_TRUE(talker.send_packet(proto::CsChat{text}));
    // The talker reads its own echoes often: a burst of 20 chats would hold more than
    // 4096 bytes for the talker itself.
    if (sent % 5 == 4) {
      ASSERT_TRUE(talker.sync());
    }
  }
  EXPECT_EQ(s->net().totals().slow_readers, 1u) << "after " << sent << " chats";
  ASSERT_TRUE(talker.sync());
  EXPECT_TRUE(eventually([&] {
    talker.sync(1s);
    return talker.view.count(slow.id) == 0;
  })) << "the others get the usual SC_REMOVE_PLAYER";
  EXPECT_TRUE(eventually([&] { return s->net().totals().sessions == 1; }));
}

// ---------------------------------------------------------------- observe (telemetry)

TEST(Observe, SubscribedClientGetsTelemetryUntilItStops) {
  auto s = start_server({.max_sessions = 77});
  GameClient c = logged_in(*s, "viewer");
  ASSERT_TRUE(c.send_packet(proto::CsObserve{1}));
  auto totals = c.expect<proto::ScTelemetryTotals>(3s);
  ASSERT_TRUE(totals);
  EXPECT_EQ(totals->max_sessions, 77u);
  EXPECT_GE(totals->sessions, 1u);
  EXPECT_GE(totals->players_online, 1u);
  auto threads = c.expect<proto::ScTelemetryThreads>(3s);
  ASSERT_TRUE(threads);
  EXPECT_EQ(threads->threads.size(), 2u);
  ASSERT_TRUE(c.send_packet(proto::CsObserve{0}));
  ASSERT_TRUE(c.sync());
  auto seen = c.telemetry_frames;
  std::this_thread::sleep_for(600ms);  // three telemetry periods (a duration under test)
  ASSERT_TRUE(c.sync());
  EXPECT_EQ(c.telemetry_frames, seen);
}
