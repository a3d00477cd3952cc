// AccountStore on its own (no Game): hashing on the pool with the configured Argon2id cost,
// two first logins for one name at once, flush and stop waiting for logins on the pool, and
// LoginOutcome::Failed while the disk fails (faulty_vfs.h), served again after it recovers.
#include "account_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

#include "faulty_vfs.h"
#include "hash_pool.h"
#include "temp_db.h"

namespace iocplab::game::test {
namespace {

using Status = LoginOutcome::Status;
constexpr HashCost kCheap{8, 1};

StoreConfig config(const std::string& path, HashCost cost = kCheap) {
  faulty_vfs::install();
  return StoreConfig{path, cost, 0};
}

// Logs in and waits for the answer (bounded).
LoginOutcome login(AccountStore& store, const std::string& name, const std::string& pw) {
  auto answer = std::make_shared<std::promise<LoginOutcome>>();
  auto fut = answer->get_future();
  store.login(name, pw, [answer](const LoginOutcome& o) { answer->set_value(o); });
  if (fut.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
    ADD_FAILURE() << "no answer for " << name;
    return LoginOutcome{};
  }
  return fut.get();
}

TEST(AccountStore, RegistersThenVerifies) {
  AccountStore store;
  std::string error;
  ASSERT_TRUE(store.start(config(":memory:"), &error)) << error;
  EXPECT_EQ(login(store, "amy", "pw").status, Status::Registered);
  EXPECT_EQ(login(store, "amy", "pw").status, Status::Verified);
  EXPECT_EQ(login(store, "amy", "nope").status, Status::WrongPassword);
}

TEST(AccountStore, HashesWithTheConfiguredCost) {
  TempDb db;
  {
    AccountStore store;
    std::string error;
    ASSERT_TRUE(store.start(config(db.path(), HashCost{19456, 2}), &error)) << error;  // the default
    EXPECT_EQ(login(store, "default-cost", "pw").status, Status::Registered);
    store.stop();
    AccountStore cheap;
    ASSERT_TRUE(cheap.start(config(db.path(), HashCost{8, 1}), &error)) << error;
    EXPECT_EQ(login(cheap, "cheap", "pw").status, Status::Registered);
    // A hash is verified with the cost it was made with, whatever the flags say now.
    EXPECT_EQ(login(cheap, "default-cost", "pw").status, Status::Verified);
  }
  const std::string bytes = db.all_bytes();
  EXPECT_NE(bytes.find("$argon2id$v=19$m=19456,t=2,p=1$"), std::string::npos);
  EXPECT_NE(bytes.find("$argon2id$v=19$m=8,t=1,p=1$"), std::string::npos);
}

TEST(AccountStore, TwoFirstLoginsForOneNameRegisterItOnce) {
  AccountStore store;
  std::string error;
  ASSERT_TRUE(store.start(config(":memory:"), &error)) << error;
  for (int round = 0; round < 20; ++round) {
    const std::string name = "twin" + std::to_string(round);
    const bool same = round % 2 == 0;
    std::promise<LoginOutcome> a, b;
    store.login(name, "pw", [&a](const LoginOutcome& o) { a.set_value(o); });
    store.login(name, same ? "pw" : "other", [&b](const LoginOutcome& o) { b.set_value(o); });
    auto fa = a.get_future(), fb = b.get_future();
    ASSERT_EQ(fa.wait_for(std::chrono::seconds(10)), std::future_status::ready);
    ASSERT_EQ(fb.wait_for(std::chrono::seconds(10)), std::future_status::ready);
    const Status sa = fa.get().status, sb = fb.get().status;
    // The first in the queue registers; the second waits for that row and is checked against it.
    EXPECT_EQ(sa, Status::Registered) << name;
    EXPECT_EQ(sb, same ? Status::Verified : Status::WrongPassword) << name;
  }
}

TEST(AccountStore, FlushAndStopWaitForLoginsOnThePool) {
  AccountStore store;
  std::string error;
  ASSERT_TRUE(store.start(config(":memory:", HashCost{1024, 1}), &error)) << error;
  std::atomic<int> answered{0};
  for (int i = 0; i < 8; ++i)
    store.login("f" + std::to_string(i), "pw", [&](const LoginOutcome&) { answered.fetch_add(1); });
  store.flush();
  EXPECT_EQ(answered.load(), 8);
  for (int i = 0; i < 8; ++i)
    store.login("s" + std::to_string(i), "pw", [&](const LoginOutcome& o) {
      if (o.status == Status::Registered) answered.fetch_add(1);
    });
  store.stop();
  EXPECT_EQ(answered.load(), 16);
  bool late = false;
  store.login("late", "pw", [&](const LoginOutcome& o) { late = o.status == Status::Failed; });
  EXPECT_TRUE(late);  // after stop: answered at once, Failed
}

TEST(AccountStore, LoginsFailWhileTheDiskFailsAndSucceedAfter) {
  TempDb db;
  AccountStore store;
  std::string error;
  ASSERT_TRUE(store.start(config(db.path()), &error)) << error;
  ASSERT_EQ(login(store, "known", "pw").status, Status::Registered);
  {
    faulty_vfs::Scope fault(faulty_vfs::Fault::Full);
    EXPECT_EQ(login(store, "new1", "pw").status, Status::Failed);
    store.save("known", 3, 4);  // kept for retry
    EXPECT_EQ(login(store, "new2", "pw").status, Status::Failed);  // the retried save fails again
    // A returning player can still get in (reading works), at the position waiting for the disk.
    const LoginOutcome during = login(store, "known", "pw");
    EXPECT_EQ(during.status, Status::Verified);
    EXPECT_TRUE(during.has_position);
    EXPECT_EQ(during.x, 3);
    EXPECT_EQ(during.y, 4);
    EXPECT_GE(store.stats().failed_batches, 2u);
    EXPECT_EQ(store.stats().pending_saves, 1u);
  }
  EXPECT_EQ(login(store, "new1", "pw").status, Status::Registered);
  EXPECT_EQ(store.stats().pending_saves, 0u);
  const LoginOutcome back = login(store, "known", "pw");
  EXPECT_EQ(back.status, Status::Verified);
  EXPECT_TRUE(back.has_position);
  EXPECT_EQ(back.x, 3);
  EXPECT_EQ(back.y, 4);
  EXPECT_EQ(store.stats().failed_logins, 2u);
}

TEST(AccountStore, SavesAreRetriedWithoutNewJobs) {
  TempDb db;
  AccountStore store;
  std::string error;
  ASSERT_TRUE(store.start(config(db.path()), &error)) << error;
  ASSERT_EQ(login(store, "idle", "pw").status, Status::Registered);
  {
    faulty_vfs::Scope fault(faulty_vfs::Fault::IoError);
    store.save("idle", 9, 9);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (store.stats().pending_saves == 0 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    ASSERT_EQ(store.stats().pending_saves, 1u);
  }
  // No job arrives: the once-a-second retry writes it (bounded wait, no timing assert).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (store.stats().pending_saves != 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(store.stats().pending_saves, 0u);
  const LoginOutcome back = login(store, "idle", "pw");
  EXPECT_EQ(back.x, 9);
}

TEST(HashPool, ThreadCountIsBoundedByCores) {
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  EXPECT_EQ(HashPool::thread_count(0), std::min(2u, cores));
  EXPECT_EQ(HashPool::thread_count(1), 1u);
  EXPECT_EQ(HashPool::thread_count(1000), cores);
  HashPool pool;
  pool.start(0);
  std::atomic<int> ran{0};
  for (int i = 0; i < 50; ++i) pool.submit([&] { ran.fetch_add(1); });
  pool.stop();  // runs what is queued first
  EXPECT_EQ(ran.load(), 50);
}

}  // namespace
}  // namespace iocplab::game::test
