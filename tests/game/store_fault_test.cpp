// The account store under disk faults (PROTOCOL.md v1.1, issue 9 §2.7), injected by a SQLite
// VFS that fails writes and syncs on demand (faulty_vfs.h): a failed COMMIT is rolled back so
// the next batch starts clean, a login during the failure fails (FAIL(6) on the wire), a save
// that could not be written is retried, and the store serves logins again once it recovers.
#include <chrono>
#include <thread>

#include "faulty_vfs.h"
#include "harness.h"
#include "temp_db.h"

namespace iocplab::game::test {
namespace {

using faulty_vfs::Fault;

GameConfig fault_config(const TempDb& db) {
  faulty_vfs::install();
  GameConfig c = small_config(50, 3);
  c.db_path = db.path();
  return c;
}

// Waits (bounded) until the store ran into the injected fault at least once more.
bool await_refusal(long before) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (faulty_vfs::failed_operations() <= before) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

class StoreFaults : public ::testing::TestWithParam<Fault> {};

TEST_P(StoreFaults, LoginDuringAFailedCommitFailsAndTheNextLoginIsServed) {
  TempDb db;
  Harness h(fault_config(db));
  ASSERT_TRUE(h.login(sid(1), "before", "pw"));
  {
    faulty_vfs::Scope fault(GetParam());
    const long before = faulty_vfs::failed_operations();
    EXPECT_FALSE(h.login(sid(2), "during", "pw"));  // its registration cannot be committed
    EXPECT_TRUE(h.out.closed(sid(2)).has_value());
    EXPECT_GT(faulty_vfs::failed_operations(), before);
  }
  // Recovered: new accounts and returning ones are served again, and stay on disk.
  ASSERT_TRUE(h.login(sid(3), "after", "pw"));
  ASSERT_TRUE(h.login(sid(4), "during", "pw2"));  // never registered: registers now
  h.stop();
  Harness again(fault_config(db));
  EXPECT_FALSE(again.login(sid(1), "after", "wrong"));  // the account is on disk
  EXPECT_EQ(again.of_type<proto::ScLoginFail>(sid(1)).at(0).reason, 1);
  EXPECT_TRUE(again.login(sid(2), "after", "pw"));
  EXPECT_TRUE(again.login(sid(3), "during", "pw2"));
  EXPECT_TRUE(again.login(sid(4), "before", "pw"));
}

TEST_P(StoreFaults, APositionSavedDuringAFailureIsRetriedAfterIt) {
  TempDb db;
  {
    Harness h(fault_config(db));
    ASSERT_TRUE(h.login(sid(1), "walker", "pw"));
    h.place(sid(1), 50, 12, 34);
    {
      faulty_vfs::Scope fault(GetParam());
      const long before = faulty_vfs::failed_operations();
      h.disconnect(sid(1));  // the save cannot be written now
      ASSERT_TRUE(await_refusal(before));
    }
    ASSERT_TRUE(h.login(sid(2), "other", "pw"));  // a later batch, after the disk recovered
    h.game().shutdown();
  }
  Harness h(fault_config(db));
  auto ok = h.login(sid(1), "walker", "pw");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->x, 12);
  EXPECT_EQ(ok->y, 34);
}

INSTANTIATE_TEST_SUITE_P(Disk, StoreFaults, ::testing::Values(Fault::Full, Fault::IoError, Fault::Busy),
                         [](const auto& info) {
                           return info.param == Fault::Full ? "Full" : info.param == Fault::IoError ? "IoError" : "Busy";
                         });

}  // namespace
}  // namespace iocplab::game::test
