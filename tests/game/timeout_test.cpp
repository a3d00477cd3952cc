// Login timeout: tick() closes sessions without a complete CS_LOGIN in time.
#include "harness.h"

namespace iocplab::game::test {
namespace {

TEST(LoginTimeout, ExpiredSessionsWithoutLoginAreClosed) {
  GameConfig cfg = small_config(10, 2);
  cfg.login_timeout_s = 0;  // every deadline has passed by the first tick
  Harness h(cfg);
  ASSERT_TRUE(h.login(sid(1), "done", "pw"));  // logged in
  h.open(sid(2));
  h.send(sid(2), proto::make_login("pending", "pw"));  // complete CS_LOGIN, answer pending
  h.open(sid(3));                                      // silent
  h.game().tick();
  EXPECT_FALSE(h.out.closed(sid(1)));
  EXPECT_FALSE(h.out.closed(sid(2)));
  auto c3 = h.out.closed(sid(3));
  ASSERT_TRUE(c3);
  EXPECT_EQ(c3->why, net::CloseReason::LoginTimeout);
  ASSERT_TRUE(h.await_answer(sid(2)));
  EXPECT_EQ(h.of_type<proto::ScLoginOk>(sid(2)).size(), 1u);
}

TEST(LoginTimeout, NotBeforeTheDeadline) {
  GameConfig cfg = small_config(10, 2);
  cfg.login_timeout_s = 3600;
  Harness h(cfg);
  h.open(sid(1));
  for (int i = 0; i < 5; ++i) h.game().tick();
  EXPECT_FALSE(h.out.closed(sid(1)));
  ASSERT_TRUE(h.login(sid(2), "x", "pw"));
}

}  // namespace
}  // namespace iocplab::game::test
