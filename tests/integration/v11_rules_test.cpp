// PROTOCOL.md v1.1 over loopback against the real server: the name lock (FAIL 5), the store
// that cannot answer (FAIL 6), the bound on frames behind a pending login, the move and chat
// allowances, and the flags reaching the program.
#include <gtest/gtest.h>
#include <sodium.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <thread>

#include "game_client.h"
#include "in_process_server.h"
#include "server_process.h"

using namespace std::chrono_literals;
using iocplab::testing::GameClient;
using iocplab::testing::InProcessServer;
using iocplab::testing::ServerOptions;
using iocplab::testing::ServerProcess;
namespace proto = iocplab::proto;

namespace {

std::unique_ptr<InProcessServer> start_server(ServerOptions o) {
  auto s = std::make_unique<InProcessServer>(o);
  std::string error;
  EXPECT_TRUE(s->start(&error)) << error;
  return s;
}

// One connection, one CS_LOGIN: 0 for SC_LOGIN_OK, else the FAIL reason; after a FAIL the
// stream must end cleanly (graceful close: the frame is read before the end).
uint8_t login_reason(uint16_t port, const std::string& name, const std::string& pw, bool* clean_end = nullptr) {
  GameClient c;
  if (!c.connect(port)) return 255;
  const uint8_t r = c.login_fail(name, pw);
  if (clean_end) *clean_end = r == 0 || c.conn.wait_eof(5s);
  return r;
}

struct TempDbFile {
  TempDbFile() {
    static int n = 0;
    path = (std::filesystem::temp_directory_path() /
            ("iocplab-v11-" + std::to_string(::getpid()) + "-" + std::to_string(++n) + ".db"))
               .string();
  }
  ~TempDbFile() {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(path + suffix);
  }
  std::string path;
};

// An account whose stored hash is slow to verify (Argon2id, 64 MiB, 8 passes: about half a
// second): a stored hash is verified with the cost it was made with, so a CS_LOGIN for it
// stays pending that long, and the frames sent behind it are held. Registered through the
// server, then its hash replaced in the file.
bool make_slow_account(InProcessServer& s, const std::string& db_path, const std::string& name) {
  GameClient c;
  if (!c.connect(s.port()) || !c.login(name, "pw")) return false;
  c.conn.close();
  if (sodium_init() < 0) return false;
  static std::string slow_hash = [] {
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, "pw", 2, 8, 64u << 20) != 0) return std::string();
    return std::string(out);
  }();
  if (slow_hash.empty()) return false;
  sqlite3* db = nullptr;
  if (sqlite3_open(db_path.c_str(), &db) != SQLITE_OK) return false;
  sqlite3_busy_timeout(db, 5000);
  sqlite3_stmt* st = nullptr;
  bool ok = sqlite3_prepare_v2(db, "UPDATE accounts SET pwhash = ?1", -1, &st, nullptr) == SQLITE_OK &&
            sqlite3_bind_text(st, 1, slow_hash.c_str(), -1, SQLITE_TRANSIENT) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_DONE && sqlite3_changes(db) == 1;
  sqlite3_finalize(st);
  sqlite3_close(db);
  // The player's leave is saved on the store thread: wait until the name is free again.
  for (int i = 0; i < 100 && s.game().players_online() > 0; ++i) std::this_thread::sleep_for(10ms);
  return ok;
}

TEST(V11NameLock, WrongPasswordsLockTheNameForLockoutSeconds) {
  auto s = start_server({.login_failures = 3, .lockout_s = 1});
  const uint16_t port = s->port();
  ASSERT_EQ(login_reason(port, "victim", "right"), 0);
  bool clean = false;
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(login_reason(port, "victim", "guess" + std::to_string(i), &clean), 1) << i;
    EXPECT_TRUE(clean);
  }
  EXPECT_EQ(login_reason(port, "victim", "right", &clean), 5);  // the right one too
  EXPECT_TRUE(clean) << "FAIL(5), then a graceful close";
  EXPECT_EQ(login_reason(port, "victim", "guess9"), 5);
  EXPECT_EQ(login_reason(port, "bystander", "pw"), 0);
  std::this_thread::sleep_for(1100ms);
  EXPECT_EQ(login_reason(port, "victim", "right"), 0);
}

TEST(V11NameLock, InvalidFieldsAreReason4EvenWhileLocked) {
  auto s = start_server({.login_failures = 1, .lockout_s = 60});
  ASSERT_EQ(login_reason(s->port(), "victim", "right"), 0);
  EXPECT_EQ(login_reason(s->port(), "victim", "wrong"), 1);
  EXPECT_EQ(login_reason(s->port(), "victim", "right"), 5);
  GameClient c;
  ASSERT_TRUE(c.connect(s->port()));
  auto bad = proto::make_login("victim", "x");
  bad.password[5] = 'y';  // a byte after the first NUL
  ASSERT_TRUE(c.send_packet(bad));
  auto f = c.expect<proto::ScLoginFail>();
  ASSERT_TRUE(f);
  EXPECT_EQ(f->reason, 4);
}

TEST(V11StoreError, LoginTheStoreCannotAnswerGetsReason6AndTheServerGoesOn) {
  TempDbFile db;
  auto s = start_server({.db = db.path});
  GameClient player;
  ASSERT_TRUE(player.connect(s->port()));
  ASSERT_TRUE(player.login("player", "pw"));
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(db.path.c_str(), &other), SQLITE_OK);
  sqlite3_busy_timeout(other, 5000);
  ASSERT_EQ(sqlite3_exec(other, "DROP TABLE accounts", nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(other);
  sqlite3_close(other);
  bool clean = false;
  EXPECT_EQ(login_reason(s->port(), "newcomer", "pw", &clean), 6);
  EXPECT_TRUE(clean);
  EXPECT_TRUE(player.step(player.pos.first > 0 ? 2 : 3)) << "the online player still plays";
}

TEST(V11HeldFrames, ExactlyTheBoundBehindAPendingLoginIsHandledAfterIt) {
  TempDbFile db;
  auto s = start_server({.db = db.path, .move_rate = 0});
  ASSERT_TRUE(make_slow_account(*s, db.path, "patient"));
  GameClient c;
  ASSERT_TRUE(c.connect(s->port()));
  std::vector<uint8_t> behind;
  const uint32_t moves = (65536 - 4) / proto::kMoveSize;  // 65532 bytes, + CS_OBSERVE(0): 65536
  for (uint32_t i = 1; i <= moves; ++i) proto::encode(behind, proto::CsMove{uint8_t(i % 4), i, 0});
  proto::encode(behind, proto::CsObserve{0});
  auto login = proto::to_bytes(proto::make_login("patient", "pw"));
  login.insert(login.end(), behind.begin(), behind.end());
  ASSERT_TRUE(c.send(login));
  ASSERT_TRUE(c.expect<proto::ScLoginOk>(10s));
  uint32_t last = 0;
  for (uint32_t i = 0; i < moves; ++i) {
    auto m = c.expect<proto::ScMovePlayer>(10s);
    ASSERT_TRUE(m) << i;
    last = m->seq;
  }
  EXPECT_EQ(last, moves);
  EXPECT_EQ(s->net().totals().violations, 0u);
  EXPECT_FALSE(c.conn.eof());
}

TEST(V11HeldFrames, TheFramePastTheBoundIsAViolation) {
  TempDbFile db;
  auto s = start_server({.db = db.path});
  ASSERT_TRUE(make_slow_account(*s, db.path, "greedy"));
  GameClient c;
  ASSERT_TRUE(c.connect(s->port()));
  auto bytes = proto::to_bytes(proto::make_login("greedy", "pw"));
  for (int i = 0; i < 65536 / 3 + 1; ++i) proto::encode(bytes, proto::CsLogout{});  // 65538 bytes
  ASSERT_TRUE(c.send(bytes));
  auto f = c.conn.read_frame(5s);
  EXPECT_FALSE(f) << "closed while the login is pending: no answer";
  EXPECT_TRUE(c.conn.eof() || c.conn.reset());
  EXPECT_EQ(s->net().totals().violations, 1u);
}

TEST(V11HeldFrames, ABadTypeBehindAPendingLoginClosesAtOnce) {
  TempDbFile db;
  auto s = start_server({.db = db.path});
  ASSERT_TRUE(make_slow_account(*s, db.path, "hasty"));
  GameClient c;
  ASSERT_TRUE(c.connect(s->port()));
  auto bytes = proto::to_bytes(proto::make_login("hasty", "pw"));
  bytes.insert(bytes.end(), {3, 0, 99});
  ASSERT_TRUE(c.send(bytes));
  EXPECT_FALSE(c.conn.read_frame(5s)) << "closed before the login's answer";
  EXPECT_TRUE(c.conn.eof() || c.conn.reset());
  EXPECT_EQ(s->net().totals().violations, 1u);
}

// Moves away from the nearer edge, so none of the first 40 is clamped.
uint8_t open_direction(const GameClient& c) { return c.pos.first < c.world / 2 ? 3 : 2; }

TEST(V11MoveAllowance, ABurstPastTwiceTheRateEchoesUnchangedPositionsToTheMoverOnly) {
  auto s = start_server({.world = 400, .view = 400});  // --move-rate 20: bursts of 40
  GameClient mover, watcher;
  ASSERT_TRUE(mover.connect(s->port()));
  ASSERT_TRUE(mover.login("mover", "pw"));
  ASSERT_TRUE(watcher.connect(s->port()));
  ASSERT_TRUE(watcher.login("watcher", "pw"));
  ASSERT_TRUE(mover.expect<proto::ScAddPlayer>());
  const uint8_t dir = open_direction(mover);
  std::vector<uint8_t> burst;
  for (uint32_t i = 1; i <= 60; ++i) proto::encode(burst, proto::CsMove{dir, i, 1000 + i});
  ASSERT_TRUE(mover.send(burst));
  uint32_t applied = 0;
  GameClient::Pos prev = mover.pos;
  for (uint32_t i = 1; i <= 60; ++i) {
    auto e = mover.expect<proto::ScMovePlayer>();
    ASSERT_TRUE(e) << i;
    EXPECT_EQ(e->seq, i);
    EXPECT_EQ(e->client_time, 1000 + i);
    if (GameClient::Pos{e->x, e->y} != prev) ++applied;
    else EXPECT_GE(i, 41u) << "one of the first 40 was refused";
    prev = {e->x, e->y};
  }
  EXPECT_GE(applied, 40u);
  EXPECT_LE(applied, 42u);  // 20 a second regained while the burst was handled
  uint32_t seen = 0;
  while (auto m = watcher.expect<proto::ScMovePlayer>(500ms)) ++seen;
  EXPECT_EQ(seen, applied) << "no one else gets anything for a refused move";
}

TEST(V11ChatAllowance, ABurstPastTwiceTheRateIsDroppedForEveryone) {
  auto s = start_server({.world = 5, .view = 7});  // --chat-rate 5: bursts of 10
  GameClient talker, listener;
  ASSERT_TRUE(talker.connect(s->port()));
  ASSERT_TRUE(talker.login("talker", "pw"));
  ASSERT_TRUE(listener.connect(s->port()));
  ASSERT_TRUE(listener.login("listener", "pw"));
  std::vector<uint8_t> burst;
  for (int i = 0; i < 20; ++i) proto::encode(burst, proto::CsChat{"hello " + std::to_string(i)});
  ASSERT_TRUE(talker.send(burst));
  int mine = 0, theirs = 0;
  while (talker.expect<proto::ScChat>(500ms)) ++mine;
  while (listener.expect<proto::ScChat>(300ms)) ++theirs;
  EXPECT_GE(mine, 10);
  EXPECT_LE(mine, 11);
  EXPECT_EQ(theirs, mine);
  EXPECT_EQ(s->net().totals().violations, 0u);
}

// The program passes the flags on: a child server with small allowances and a lock.
TEST(V11Program, RuleFlagsReachTheServer) {
  ServerProcess p;
  ASSERT_TRUE(p.spawn({"--port", "0", "--db", ":memory:", "--move-rate", "1", "--chat-rate", "1",
                       "--login-failures", "1", "--lockout", "60"}));
  const uint16_t port = p.wait_listening(10s);
  ASSERT_NE(port, 0) << p.stderr_text();
  GameClient c;
  ASSERT_TRUE(c.connect(port));
  ASSERT_TRUE(c.login("walker", "pw"));
  const uint8_t dir = open_direction(c);
  std::vector<uint8_t> burst;
  for (uint32_t i = 1; i <= 3; ++i) proto::encode(burst, proto::CsMove{dir, i, 0});
  for (int i = 0; i < 3; ++i) proto::encode(burst, proto::CsChat{"x"});
  ASSERT_TRUE(c.send(burst));
  std::vector<proto::ScMovePlayer> echoes;
  for (int i = 0; i < 3; ++i) {
    auto e = c.expect<proto::ScMovePlayer>();
    ASSERT_TRUE(e);
    echoes.push_back(*e);
  }
  EXPECT_NE(echoes[1].x, echoes[0].x);
  EXPECT_EQ(echoes[2].x, echoes[1].x) << "--move-rate 1: the third in a burst is refused";
  int chats = 0;
  while (c.expect<proto::ScChat>(500ms)) ++chats;
  EXPECT_EQ(chats, 2) << "--chat-rate 1: bursts of 2";
  EXPECT_EQ(login_reason(port, "walker", "wrong"), 1);
  EXPECT_EQ(login_reason(port, "walker", "pw"), 5) << "--login-failures 1";
}

}  // namespace
