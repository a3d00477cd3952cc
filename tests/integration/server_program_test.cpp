// iocplab-server as a program: flags and exit codes, signals, restarts, crashes.
#include <gtest/gtest.h>

#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

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

// A fresh database path, removed at the end of the test.
struct TempDb {
  TempDb() {
    static int n = 0;
    path = (std::filesystem::temp_directory_path() /
            ("iocplab-it-" + std::to_string(::getpid()) + "-" + std::to_string(++n) + ".db"))
               .string();
    std::filesystem::remove(path);
  }
  ~TempDb() {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(path + suffix);
  }
  std::string path;
};

}  // namespace

TEST(ServerProgram, PrintsListeningOnAndExitsZeroOnSigterm) {
  ServerProcess p;
  ASSERT_TRUE(p.spawn({"--port", "0", "--db", ":memory:", "--workers", "2"}));
  uint16_t port = p.wait_listening(10s);
  ASSERT_NE(port, 0) << p.stderr_text();
  GameClient c;
  ASSERT_TRUE(c.connect(port));
  ASSERT_TRUE(c.login("sigterm", "pw"));
  ASSERT_TRUE(p.signal(SIGTERM));
  EXPECT_EQ(p.wait_exit(10s), 0) << p.stderr_text();
  EXPECT_TRUE(c.conn.wait_eof(5s) || c.conn.eof());
}

TEST(ServerProgram, UringEngineServes) {
  ServerProcess p;
  ASSERT_TRUE(p.spawn({"--port", "0", "--db", ":memory:", "--engine", "uring"}));
  uint16_t port = p.wait_listening(10s);
  ASSERT_NE(port, 0) << p.stderr_text();
  GameClient c;
  ASSERT_TRUE(c.connect(port));
  ASSERT_TRUE(c.login("uring", "pw"));
  EXPECT_TRUE(c.step(1));
  ASSERT_TRUE(p.signal(SIGINT));
  EXPECT_EQ(p.wait_exit(10s), 0) << p.stderr_text();
}

struct BadFlags {
  std::vector<std::string> args;
  std::string flag;
};

class ServerProgramFlags : public ::testing::TestWithParam<BadFlags> {};

TEST_P(ServerProgramFlags, BadFlagExitsTwoWithOneLineNamingIt) {
  ServerProcess p;
  ASSERT_TRUE(p.spawn(GetParam().args));
  EXPECT_EQ(p.wait_exit(10s), 2);
  std::string err = p.stderr_text();
  EXPECT_NE(err.find(GetParam().flag), std::string::npos) << err;
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
}

INSTANTIATE_TEST_SUITE_P(
    Errors, ServerProgramFlags,
    ::testing::Values(BadFlags{{"--nope"}, "--nope"}, BadFlags{{"--port"}, "--port"},
                      BadFlags{{"--port", "70000"}, "--port"}, BadFlags{{"--world", "0"}, "--world"},
                      BadFlags{{"--view", "x"}, "--view"}, BadFlags{{"--workers", "0"}, "--workers"},
                      BadFlags{{"--max-sessions", "0"}, "--max-sessions"},
                      BadFlags{{"--send-limit", "100"}, "--send-limit"},
                      BadFlags{{"--login-timeout", "0"}, "--login-timeout"},
                      BadFlags{{"--engine", "kqueue"}, "--engine"}));

TEST(Persistence, RestartKeepsAccountsAndPositionsOfLoggedOutAndOnlinePlayers) {
  TempDb db;
  GameClient::Pos left_at, online_at;
  {
    InProcessServer s({.world = 50, .db = db.path});
    std::string error;
    ASSERT_TRUE(s.start(&error)) << error;
    GameClient a;
    ASSERT_TRUE(a.connect(s.port()));
    ASSERT_TRUE(a.login("leaver", "pw-a"));
    ASSERT_TRUE(a.walk_to(10, 11));
    left_at = a.pos;
    ASSERT_TRUE(a.send_packet(proto::CsLogout{}));
    EXPECT_TRUE(a.conn.wait_eof(5s));
    GameClient b;
    ASSERT_TRUE(b.connect(s.port()));
    ASSERT_TRUE(b.login("online", "pw-b"));
    ASSERT_TRUE(b.walk_to(20, 21));
    online_at = b.pos;
    s.stop();  // as on SIGINT: saves b, who is still online
  }
  InProcessServer s({.world = 50, .db = db.path});
  std::string error;
  ASSERT_TRUE(s.start(&error)) << error;
  GameClient wrong;
  ASSERT_TRUE(wrong.connect(s.port()));
  EXPECT_EQ(wrong.login_fail("leaver", "not-pw-a"), 1) << "the account survived";
  GameClient a, b;
  ASSERT_TRUE(a.connect(s.port()));
  auto ok_a = a.login("leaver", "pw-a");
  ASSERT_TRUE(ok_a);
  EXPECT_EQ((GameClient::Pos{ok_a->x, ok_a->y}), left_at);
  ASSERT_TRUE(b.connect(s.port()));
  auto ok_b = b.login("online", "pw-b");
  ASSERT_TRUE(ok_b);
  EXPECT_EQ((GameClient::Pos{ok_b->x, ok_b->y}), online_at);
}

TEST(Persistence, SavedPositionOutsideASmallerWorldIsClamped) {
  TempDb db;
  {
    InProcessServer s({.world = 100, .db = db.path});
    std::string error;
    ASSERT_TRUE(s.start(&error)) << error;
    GameClient a;
    ASSERT_TRUE(a.connect(s.port()));
    ASSERT_TRUE(a.login("far", "pw"));
    ASSERT_TRUE(a.walk_to(60, 70));
  }  // stop() saves
  InProcessServer s({.world = 40, .db = db.path});
  std::string error;
  ASSERT_TRUE(s.start(&error)) << error;
  GameClient a;
  ASSERT_TRUE(a.connect(s.port()));
  auto ok = a.login("far", "pw");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->x, 39);
  EXPECT_EQ(ok->y, 39);
}

TEST(Persistence, SigkillKeepsEveryAccountThatGotLoginOk) {
  TempDb db;
  {
    ServerProcess p;
    ASSERT_TRUE(p.spawn({"--port", "0", "--db", db.path}));
    uint16_t port = p.wait_listening(10s);
    ASSERT_NE(port, 0) << p.stderr_text();
    for (int i = 0; i < 5; ++i) {
      GameClient c;
      ASSERT_TRUE(c.connect(port));
      ASSERT_TRUE(c.login("crash" + std::to_string(i), "pw" + std::to_string(i)));
    }
    ASSERT_TRUE(p.signal(SIGKILL));
    EXPECT_EQ(p.wait_exit(10s), 128 + SIGKILL);
  }
  ServerProcess p;
  ASSERT_TRUE(p.spawn({"--port", "0", "--db", db.path}));
  uint16_t port = p.wait_listening(10s);
  ASSERT_NE(port, 0) << p.stderr_text();
  for (int i = 0; i < 5; ++i) {
    GameClient wrong;
    ASSERT_TRUE(wrong.connect(port));
    EXPECT_EQ(wrong.login_fail("crash" + std::to_string(i), "bad"), 1) << i;
    GameClient right;
    ASSERT_TRUE(right.connect(port));
    EXPECT_TRUE(right.login("crash" + std::to_string(i), "pw" + std::to_string(i))) << i;
  }
  ASSERT_TRUE(p.signal(SIGINT));
  EXPECT_EQ(p.wait_exit(10s), 0);
}

TEST(Persistence, SigintSavesOnlinePlayersInTheProgram) {
  TempDb db;
  GameClient::Pos at;
  {
    ServerProcess p;
    ASSERT_TRUE(p.spawn({"--port", "0", "--db", db.path, "--world", "64"}));
    uint16_t port = p.wait_listening(10s);
    ASSERT_NE(port, 0) << p.stderr_text();
    GameClient c;
    ASSERT_TRUE(c.connect(port));
    ASSERT_TRUE(c.login("sigint", "pw"));
    ASSERT_TRUE(c.walk_to(33, 44));
    at = c.pos;
    ASSERT_TRUE(p.signal(SIGINT));
    EXPECT_EQ(p.wait_exit(10s), 0) << p.stderr_text();
  }
  ServerProcess p;
  ASSERT_TRUE(p.spawn({"--port", "0", "--db", db.path, "--world", "64"}));
  uint16_t port = p.wait_listening(10s);
  ASSERT_NE(port, 0);
  GameClient c;
  ASSERT_TRUE(c.connect(port));
  auto ok = c.login("sigint", "pw");
  ASSERT_TRUE(ok);
  EXPECT_EQ((GameClient::Pos{ok->x, ok->y}), at);
}

TEST(ServerProgram, LogsOneLineWithTheReasonForEveryClose) {
  ServerProcess p;
  ASSERT_TRUE(p.spawn({"--port", "0", "--db", ":memory:", "--login-timeout", "1", "--max-sessions", "2"}));
  uint16_t port = p.wait_listening(10s);
  ASSERT_NE(port, 0) << p.stderr_text();
  GameClient bad, idle, full;
  ASSERT_TRUE(bad.connect(port));
  ASSERT_TRUE(bad.send({2, 0, 1}));  // frame size 2
  EXPECT_TRUE(bad.conn.wait_eof(5s) || bad.conn.eof());
  ASSERT_TRUE(idle.connect(port));
  ASSERT_TRUE(full.connect(port));  // bad may still hold its slot: full or not, it times out
  idle.conn.wait_eof(5s);
  full.conn.wait_eof(5s);
  ASSERT_TRUE(p.signal(SIGTERM));
  EXPECT_EQ(p.wait_exit(10s), 0);
  std::string err = p.stderr_text();
  EXPECT_NE(err.find("closed: protocol violation"), std::string::npos) << err;
  EXPECT_NE(err.find("closed: login timeout"), std::string::npos) << err;
}
