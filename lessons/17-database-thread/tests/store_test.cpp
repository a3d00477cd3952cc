// Stage 17 checks: the accounts live in SQLite as Argon2id hashes and the position survives a
// restart; while the store is stalled (the test holds the database file locked) the moves of
// a player already in go on, and the logins waiting finish once the lock is gone; a store that
// cannot answer gives SC_LOGIN_FAIL 6 and the next login works; a client that leaves while
// its login is at the store frees its slot and its name.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>

#include "game_client.h"
#include "server.h"

namespace {

// A database file of this test only (the epoll and io_uring runs go at the same time).
class TempDb {
 public:
  TempDb() {
    std::random_device random;
    path_ = (std::filesystem::temp_directory_path() / ("lesson17-" + std::to_string(random()) + ".db")).string();
  }
  ~TempDb() {
    std::remove(path_.c_str());
    std::remove((path_ + "-journal").c_str());
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Holds the file locked as another program would: BEGIN EXCLUSIVE until release().
class DbLock {
 public:
  explicit DbLock(const std::string& path) {
    if (sqlite3_open(path.c_str(), &db_) == SQLITE_OK)
      locked_ = sqlite3_exec(db_, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr) == SQLITE_OK;
  }
  ~DbLock() { release(); }
  bool locked() const { return locked_; }
  void release() {
    if (locked_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    locked_ = false;
    if (db_ != nullptr) sqlite3_close(db_);
    db_ = nullptr;
  }

 private:
  sqlite3* db_ = nullptr;
  bool locked_ = false;
};

// Stage 13's small world, its accounts in `path`, the load-test hash cost.
ServerConfig with_store(LogWatcher& watcher, const std::string& path, int busy_ms = 10000) {
  ServerConfig config;
  config.workers = 2;
  config.max_clients = 16;
  config.world = 21;
  config.view = 2;
  config.db = path;
  config.hash_memory_kib = 8;
  config.hash_passes = 1;
  config.busy_ms = busy_ms;
  config.log = watcher.sink();
  return config;
}

std::string stored_hash(const std::string& path, const std::string& name) {
  sqlite3* db = nullptr;
  sqlite3_stmt* query = nullptr;
  std::string hash;
  if (sqlite3_open(path.c_str(), &db) == SQLITE_OK &&
      sqlite3_prepare_v2(db, "SELECT hash FROM accounts WHERE name = ?1", -1, &query, nullptr) == SQLITE_OK) {
    sqlite3_bind_text(query, 1, name.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(query) == SQLITE_ROW) hash = reinterpret_cast<const char*>(sqlite3_column_text(query, 0));
  }
  sqlite3_finalize(query);
  sqlite3_close(db);
  return hash;
}

TEST(Store, APasswordIsKeptOnlyAsItsArgon2idHash) {
  TempDb file;
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(with_store(watcher, file.path())));
  GameClient a;
  ASSERT_TRUE(a.connect(server.port()));
  ASSERT_TRUE(a.login("alice", "secret"));
  std::string hash = stored_hash(file.path(), "alice");
  EXPECT_EQ(hash.rfind("$argon2id$v=19$m=8,t=1,", 0), 0u) << hash;
  EXPECT_EQ(hash.find("secret"), std::string::npos);
}

TEST(Store, ThePositionIsSavedOnLogoutAndRestoredAfterARestart) {
  TempDb file;
  LogWatcher watcher;
  {
    Server server;
    ASSERT_TRUE(server.start(with_store(watcher, file.path())));
    GameClient a;
    ASSERT_TRUE(a.connect(server.port()));
    ASSERT_TRUE(a.login("alice", "secret"));
    for (uint32_t seq = 1; seq <= 2; ++seq) {
      ASSERT_TRUE(a.move(proto::Dir::Right, seq));
      ASSERT_TRUE(a.expect<proto::ScMovePlayer>());
    }
    ASSERT_TRUE(a.send(proto::CsLogout{}));
    EXPECT_TRUE(a.wait_closed());
  }  // stop(): the store writes what is queued before its thread ends
  Server server;
  ASSERT_TRUE(server.start(with_store(watcher, file.path())));
  GameClient wrong;
  ASSERT_TRUE(wrong.connect(server.port()));
  ASSERT_TRUE(wrong.send(proto::make_login("alice", "guess")));
  auto fail = wrong.expect<proto::ScLoginFail>();
  ASSERT_TRUE(fail);
  EXPECT_EQ(fail->reason, (uint8_t)proto::LoginFail::WrongPassword);
  GameClient right;
  ASSERT_TRUE(right.connect(server.port()));
  auto ok = right.login("alice", "secret");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->x, 12);
  EXPECT_EQ(ok->y, 10);
}

// The stage's point: no worker waits on the store. As many logins as there are workers wait
// at a locked file; a player already in moves meanwhile and every echo comes back.
TEST(Store, MovesFlowWhileTheStoreStalls) {
  TempDb file;
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(with_store(watcher, file.path())));
  GameClient a;
  ASSERT_TRUE(a.connect(server.port()));
  auto a_ok = a.login("alice");
  ASSERT_TRUE(a_ok);

  DbLock lock(file.path());
  ASSERT_TRUE(lock.locked());
  GameClient waiting[2];  // as many as config.workers
  for (GameClient& w : waiting) {
    ASSERT_TRUE(w.connect(server.port()));
    ASSERT_TRUE(w.send(proto::make_login(&w == &waiting[0] ? "bob" : "carol", "pw")));
  }
  // Alice's login and at least bob's have been read (carol's may still come: a worker that
  // waited on the store would hold bob's lock, and carol's accept would wait for it too).
  ASSERT_TRUE(watcher.wait_for_count("sent 43 bytes", 2)) << watcher.all();

  auto slowest = std::chrono::milliseconds(0);
  for (uint32_t seq = 1; seq <= 10; ++seq) {
    auto sent = std::chrono::steady_clock::now();
    ASSERT_TRUE(a.move(seq % 2 ? proto::Dir::Up : proto::Dir::Down, seq));
    auto echo = a.expect<proto::ScMovePlayer>(2000);  // a bound for "it came", not a speed test
    ASSERT_TRUE(echo) << "move " << seq << " got no echo while the store was stalled";
    EXPECT_EQ(echo->seq, seq);
    slowest = std::max(slowest, std::chrono::duration_cast<std::chrono::milliseconds>(
                                    std::chrono::steady_clock::now() - sent));
  }
  std::printf("slowest echo while the store stalled: %lld ms\n", (long long)slowest.count());
  for (GameClient& w : waiting) EXPECT_TRUE(w.next_frame(50).empty()) << "a login finished with the file locked";

  lock.release();
  for (GameClient& w : waiting) {
    auto ok = w.expect<proto::ScLoginOk>(5000);
    ASSERT_TRUE(ok) << "a login did not finish after the lock was gone";
    ASSERT_TRUE(w.move(proto::Dir::Left, 1));  // its recv loop goes on
    std::string frame;
    bool echoed = false;
    for (int i = 0; i < 4 && !echoed; ++i) {  // the enter notices of the others come first
      frame = w.next_frame();
      echoed = frame.size() == sizeof(ScMovePlayer) && (uint8_t)frame[2] == SC_MOVE_PLAYER;
    }
    EXPECT_TRUE(echoed) << "no echo after the login";
  }
}

TEST(Store, AStoreThatCannotAnswerGivesReasonSixAndTheNextLoginWorks) {
  TempDb file;
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(with_store(watcher, file.path(), 100)));
  {
    DbLock lock(file.path());
    ASSERT_TRUE(lock.locked());
    GameClient a;
    ASSERT_TRUE(a.connect(server.port()));
    ASSERT_TRUE(a.send(proto::make_login("alice", "pw")));
    auto fail = a.expect<proto::ScLoginFail>();
    ASSERT_TRUE(fail);
    EXPECT_EQ(fail->reason, (uint8_t)proto::LoginFail::StoreError);
    EXPECT_TRUE(a.wait_closed()) << "the frame first, then the end of the stream";
    EXPECT_GE(watcher.count("store: login of alice failed"), 1) << watcher.all();
  }
  GameClient again;
  ASSERT_TRUE(again.connect(server.port()));
  EXPECT_TRUE(again.login("alice", "pw"));
}

// The name is checked against who is online on the worker that gets the answer: of two
// logins of one new name that wait together, one registers and plays, the other gets 2.
TEST(Store, TwoLoginsOfOneNameAtTheStoreTogetherLetOneIn) {
  TempDb file;
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(with_store(watcher, file.path())));
  DbLock lock(file.path());
  ASSERT_TRUE(lock.locked());
  GameClient twins[2];
  for (GameClient& t : twins) {
    ASSERT_TRUE(t.connect(server.port()));
    ASSERT_TRUE(t.send(proto::make_login("kim", "pw")));
  }
  ASSERT_TRUE(watcher.wait_for_count("sent 43 bytes", 2)) << watcher.all();
  lock.release();
  int ok = 0, already = 0;
  for (GameClient& t : twins) {
    std::string frame = t.next_frame();
    ASSERT_GE(frame.size(), 4u);
    if ((uint8_t)frame[2] == SC_LOGIN_OK) ++ok;
    if ((uint8_t)frame[2] == SC_LOGIN_FAIL && (uint8_t)frame[3] == kAlreadyLoggedIn) ++already;
  }
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(already, 1);
}

TEST(Store, AClientThatLeavesWhileItsLoginIsAtTheStoreFreesItsSlotAndName) {
  TempDb file;
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(with_store(watcher, file.path())));
  {
    DbLock lock(file.path());
    ASSERT_TRUE(lock.locked());
    GameClient gone;
    ASSERT_TRUE(gone.connect(server.port()));
    ASSERT_TRUE(gone.send(proto::make_login("alice", "pw")));
    ASSERT_TRUE(watcher.wait_for("sent 43 bytes")) << watcher.all();
    gone.close();
  }  // the lock goes: the store answers a client that has left
  EXPECT_TRUE(server.wait_until_empty(5000)) << "the slot was never freed";
  GameClient again;
  ASSERT_TRUE(again.connect(server.port()));
  EXPECT_TRUE(again.login("alice", "pw")) << "the name must not be left online";
}

}  // namespace
