// PROTOCOL.md v1.1: the lock on a name after --login-failures wrong passwords (FAIL(5)),
// its end after --lockout seconds, and FAIL(6) when the account store cannot answer.
#include <sqlite3.h>

#include <chrono>
#include <thread>

#include "harness.h"
#include "name_lock.h"
#include "temp_db.h"

namespace iocplab::game::test {
namespace {

using namespace std::chrono_literals;

GameConfig lock_config(uint32_t failures, uint32_t lockout_s) {
  GameConfig c = small_config(50, 7);
  c.login_failures = failures;
  c.lockout_s = lockout_s;
  return c;
}

// One connection: CS_LOGIN, the answer. 0 for SC_LOGIN_OK, else the FAIL reason.
uint8_t try_login(Harness& h, net::SessionId id, std::string_view name, std::string_view pw) {
  if (h.login(id, name, pw)) return 0;
  auto fails = h.of_type<proto::ScLoginFail>(id);
  return fails.size() == 1 ? fails[0].reason : 255;
}

TEST(NameLockRule, WrongPasswordReachingTheLimitGetsReason1ThenEveryLoginReason5) {
  Harness h(lock_config(3, 60));
  uint32_t slot = 1;
  ASSERT_EQ(try_login(h, sid(slot++), "alice", "right"), 0);
  h.disconnect(sid(1));
  for (int i = 0; i < 3; ++i) EXPECT_EQ(try_login(h, sid(slot++), "alice", "wrong"), 1) << i;
  EXPECT_EQ(try_login(h, sid(slot++), "alice", "right"), 5);
  EXPECT_EQ(try_login(h, sid(slot++), "alice", "wrong"), 5);
  auto c = h.out.closed(sid(slot - 1));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->why, net::CloseReason::LoginFailed);
  // Other names are not affected.
  EXPECT_EQ(try_login(h, sid(slot++), "bob", "pw"), 0);
}

TEST(NameLockRule, RightPasswordResetsTheCount) {
  Harness h(lock_config(3, 60));
  uint32_t slot = 1;
  ASSERT_EQ(try_login(h, sid(slot), "alice", "right"), 0);
  h.disconnect(sid(slot++));
  for (int round = 0; round < 3; ++round) {
    EXPECT_EQ(try_login(h, sid(slot++), "alice", "wrong"), 1);
    EXPECT_EQ(try_login(h, sid(slot++), "alice", "wrong"), 1);
    ASSERT_EQ(try_login(h, sid(slot), "alice", "right"), 0) << round;  // count back to 0
    h.disconnect(sid(slot++));
  }
}

TEST(NameLockRule, RightPasswordAnsweredWithReason2AlsoResetsTheCount) {
  Harness h(lock_config(2, 60));
  uint32_t slot = 1;
  ASSERT_EQ(try_login(h, sid(slot++), "alice", "right"), 0);  // stays online
  EXPECT_EQ(try_login(h, sid(slot++), "alice", "wrong"), 1);
  EXPECT_EQ(try_login(h, sid(slot++), "alice", "right"), 2);
  EXPECT_EQ(try_login(h, sid(slot++), "alice", "wrong"), 1);  // count 1, not 2: no lock
  EXPECT_EQ(try_login(h, sid(slot++), "alice", "right"), 2);
}

TEST(NameLockRule, FieldsAreCheckedBeforeTheLock) {
  Harness h(lock_config(1, 60));
  ASSERT_EQ(try_login(h, sid(1), "alice", "right"), 0);
  h.disconnect(sid(1));
  EXPECT_EQ(try_login(h, sid(2), "alice", "wrong"), 1);
  EXPECT_EQ(try_login(h, sid(3), "alice", std::string(1, '\0') + "x"), 4);
}

TEST(NameLockRule, ZeroFailuresNeverLocks) {
  Harness h(lock_config(0, 60));
  ASSERT_EQ(try_login(h, sid(1), "alice", "right"), 0);
  h.disconnect(sid(1));
  for (uint32_t i = 0; i < 12; ++i) EXPECT_EQ(try_login(h, sid(2 + i), "alice", "wrong"), 1);
  EXPECT_EQ(try_login(h, sid(20), "alice", "right"), 0);
}

TEST(NameLockRule, LockEndsAfterLockoutSeconds) {
  Harness h(lock_config(2, 1));
  ASSERT_EQ(try_login(h, sid(1), "alice", "right"), 0);
  h.disconnect(sid(1));
  EXPECT_EQ(try_login(h, sid(2), "alice", "wrong"), 1);
  EXPECT_EQ(try_login(h, sid(3), "alice", "wrong"), 1);
  EXPECT_EQ(try_login(h, sid(4), "alice", "right"), 5);
  std::this_thread::sleep_for(1100ms);
  EXPECT_EQ(try_login(h, sid(5), "alice", "right"), 0);
}

TEST(NameLockRule, ParallelGuessesAnsweredAfterTheLockGetReason5) {
  Harness h(lock_config(2, 60));
  ASSERT_EQ(try_login(h, sid(1), "alice", "right"), 0);
  h.disconnect(sid(1));
  // Ten guesses sent before any answer: all pass the lock check on arrival.
  for (uint32_t i = 0; i < 10; ++i) {
    h.open(sid(10 + i));
    h.send(sid(10 + i), proto::make_login("alice", i == 9 ? "right" : "wrong"));
  }
  ASSERT_TRUE(h.out.pump_until([&] {
    for (uint32_t i = 0; i < 10; ++i)
      if (!h.out.closed(sid(10 + i))) return false;
    return true;
  }));
  int ones = 0, fives = 0;
  for (uint32_t i = 0; i < 10; ++i) {
    auto f = h.of_type<proto::ScLoginFail>(sid(10 + i));
    ASSERT_EQ(f.size(), 1u) << i;
    ones += f[0].reason == 1;
    fives += f[0].reason == 5;
  }
  EXPECT_EQ(ones, 2);  // exactly --login-failures guesses got an answer about the password
  EXPECT_EQ(fives, 8);
}

TEST(NameLockMemory, ForgetsNamesLockoutSecondsAfterTheirLastWrongPassword) {
  NameLock locks(5, std::chrono::seconds(60));
  const auto t0 = NameLock::Clock::now();
  for (int i = 0; i < 1000; ++i) locks.wrong_password("name" + std::to_string(i), t0);
  EXPECT_GT(locks.remembered(), 0u);
  locks.forget_expired(t0 + 59s);
  EXPECT_GT(locks.remembered(), 0u);
  locks.forget_expired(t0 + 60s);
  EXPECT_EQ(locks.remembered(), 0u);
}

TEST(NameLockMemory, RenewedNameIsKeptUntilItsLastWrongPasswordIsOld) {
  NameLock locks(3, std::chrono::seconds(10));
  const auto t0 = NameLock::Clock::now();
  locks.wrong_password("a", t0);
  locks.wrong_password("a", t0 + 5s);
  locks.wrong_password("a", t0 + 8s);  // third: locked until t0 + 18 s
  locks.forget_expired(t0 + 11s);
  EXPECT_TRUE(locks.locked("a", t0 + 11s));
  EXPECT_TRUE(locks.locked("a", t0 + 17s));
  EXPECT_FALSE(locks.locked("a", t0 + 18s));
  locks.forget_expired(t0 + 18s);
  EXPECT_EQ(locks.remembered(), 0u);
}

TEST(NameLockMemory, NeverLockingRemembersNothing) {
  NameLock locks(0, std::chrono::seconds(10));
  for (int i = 0; i < 100; ++i) locks.wrong_password("n" + std::to_string(i), NameLock::Clock::now());
  EXPECT_EQ(locks.remembered(), 0u);
}

TEST(StoreError, LoginTheStoreCannotAnswerGetsReason6ThenClose) {
  TempDb db;
  GameConfig c = small_config(50, 7);
  c.db_path = db.path();
  Harness h(c);
  ASSERT_EQ(try_login(h, sid(1), "alice", "pw"), 0);
  // Break the store under the server: its table is gone, every lookup fails.
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(db.path().c_str(), &other), SQLITE_OK);
  sqlite3_busy_timeout(other, 5000);
  ASSERT_EQ(sqlite3_exec(other, "DROP TABLE accounts", nullptr, nullptr, nullptr), SQLITE_OK)
      << sqlite3_errmsg(other);
  sqlite3_close(other);
  EXPECT_EQ(try_login(h, sid(2), "bob", "pw"), 6);
  auto cl = h.out.closed(sid(2));
  ASSERT_TRUE(cl);
  EXPECT_EQ(cl->why, net::CloseReason::LoginFailed);
  EXPECT_FALSE(h.out.closed(sid(1)));  // the server and its players go on
}

}  // namespace
}  // namespace iocplab::game::test
