// Issue 9 §2.6: nothing in memory grows with accounts ever logged in or connections ever
// made: no remembered position per account that left, no login deadline per closed session.
#include <chrono>
#include <thread>

#include "harness.h"
#include "online_names.h"

namespace iocplab::game::test {
namespace {

using namespace std::chrono_literals;

TEST(HistoryGrowth, OnlineNamesForgetsEveryAccountThatLeft) {
  OnlineNames online;
  for (int i = 0; i < 1000; ++i) {
    const std::string name = "player" + std::to_string(i);
    std::optional<Position> last;
    ASSERT_TRUE(online.try_acquire(name, &last));
    online.release(name, Position{uint16_t(i % 50), 7});
  }
  EXPECT_EQ(online.remembered(), 0u);
}

TEST(HistoryGrowth, GameKeepsNoPositionPerAccountThatLoggedOut) {
  Harness h(small_config(50, 3));
  for (uint32_t i = 1; i <= 200; ++i) {
    ASSERT_TRUE(h.login(sid(i), "acct" + std::to_string(i), "pw"));
    h.disconnect(sid(i));
  }
  h.out.pump_ready();
  EXPECT_EQ(h.game().retained_entries(), 0u);
}

// The position is still right when a login was checked at the store while the account was
// online and is answered after it left (its save may not be in the row that login read).
TEST(HistoryGrowth, LoginCheckedWhileOnlineAndAnsweredAfterTheLeaveGetsTheLatestPosition) {
  Harness h(small_config(50, 3));
  ASSERT_TRUE(h.login(sid(1), "carol", "pw"));
  h.place(sid(1), 50, 20, 21);
  h.open(sid(2));
  h.send(sid(2), proto::make_login("carol", "pw"));  // answer waits in the outbox queue
  h.move(sid(1), 1);                                  // (20, 22)
  h.disconnect(sid(1));
  ASSERT_TRUE(h.await_answer(sid(2)));
  auto ok = h.of_type<proto::ScLoginOk>(sid(2));
  ASSERT_EQ(ok.size(), 1u);
  EXPECT_EQ(ok[0].x, 20);
  EXPECT_EQ(ok[0].y, 22);
  h.disconnect(sid(2));
  h.out.pump_ready();
  EXPECT_EQ(h.game().retained_entries(), 0u);
}

// A session id can come back (the generation wraps after 2047 reuses of a slot, quickly
// with a small --max-sessions). The deadline of the closed session must not close the new one.
TEST(HistoryGrowth, StaleLoginDeadlineDoesNotCloseTheSlotsNewOccupant) {
  GameConfig cfg = small_config(10, 2);
  cfg.login_timeout_s = 1;
  Harness h(cfg);
  const auto t0 = std::chrono::steady_clock::now();
  h.open(sid(1));
  std::this_thread::sleep_until(t0 + 500ms);
  h.disconnect(sid(1));
  h.out.pump_ready();
  h.open(sid(1));  // the same id again, deadline t0 + 1.5 s
  for (int i = 0; i < 100 && std::chrono::steady_clock::now() < t0 + 1200ms; ++i) {
    h.game().tick();
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_FALSE(h.out.closed(sid(1))) << "closed by the old session's deadline";
  for (int i = 0; i < 200 && !h.out.closed(sid(1)) && std::chrono::steady_clock::now() < t0 + 5s; ++i) {
    h.game().tick();
    std::this_thread::sleep_for(20ms);
  }
  auto c = h.out.closed(sid(1));
  ASSERT_TRUE(c);  // by its own deadline
  EXPECT_EQ(c->why, net::CloseReason::LoginTimeout);
  EXPECT_GE(std::chrono::steady_clock::now() - t0, 1500ms);
}

TEST(HistoryGrowth, NoLoginDeadlineKeptForClosedOrLoggedInSessions) {
  GameConfig cfg = small_config(10, 2);
  cfg.login_timeout_s = 3600;
  Harness h(cfg);
  for (uint32_t i = 1; i <= 300; ++i) h.open(sid(i));
  for (uint32_t i = 1; i <= 150; ++i) h.disconnect(sid(i));
  for (uint32_t i = 151; i <= 300; ++i) h.send(sid(i), proto::make_login("n" + std::to_string(i), "pw"));
  ASSERT_TRUE(h.out.pump_until([&] { return h.game().players_online() == 150; }));
  for (uint32_t i = 151; i <= 300; ++i) h.disconnect(sid(i));
  h.out.pump_ready();
  EXPECT_EQ(h.game().retained_entries(), 0u);
}

}  // namespace
}  // namespace iocplab::game::test
