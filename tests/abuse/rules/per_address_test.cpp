// --max-per-address: sessions at once per peer IP, logged in or not. A second source
// address from 127.0.0.0/8 (127.0.0.2) has its own count.
#include <thread>

#include "abuse_server.h"

namespace iocplab::abuse {
namespace {

// Connects from `source`, sends CS_LOGIN; the answer's FAIL reason or 0 for LOGIN_OK.
uint8_t login_from(GameClient& c, uint16_t port, const char* source, const std::string& name) {
  c.conn.set_source_address(source);
  if (!c.connect(port)) return 255;
  return c.login_fail(name, "pw");
}

TEST(AbusePerAddress, ThirdSessionFromOneAddressIsRefusedAnotherAddressIsNot) {
  testing::ServerProcess p;
  const uint16_t port = start(p, {"--max-per-address", "2"});
  ASSERT_NE(port, 0) << p.stderr_text();
  GameClient a, b, c, d;
  ASSERT_EQ(login_from(a, port, "127.0.0.1", "a"), 0);
  ASSERT_EQ(login_from(b, port, "127.0.0.1", "b"), 0);
  EXPECT_EQ(login_from(c, port, "127.0.0.1", "c"), 3) << "beyond --max-per-address: FAIL(3)";
  EXPECT_TRUE(c.conn.wait_eof(5s)) << "then a graceful close";
  EXPECT_EQ(login_from(d, port, "127.0.0.2", "d"), 0) << "another source address counts apart";
  // A session that is not logged in counts too. Which of the two the server refuses is
  // the order in which its workers take the two accepts: connect() returns before that.
  GameClient silent, e;
  silent.conn.set_source_address("127.0.0.2");
  ASSERT_TRUE(silent.connect(port));
  const uint8_t e_result = login_from(e, port, "127.0.0.2", "e");
  if (e_result == 0) {
    EXPECT_EQ(silent.login_fail("silent", "pw"), 3) << "e came in first, so silent was the third";
  } else {
    EXPECT_EQ(e_result, 3);
  }
  // A closed session frees its place (the close is asynchronous: bounded retries).
  a.conn.close();
  uint8_t r = 255;
  for (int i = 0; i < 50 && r != 0; ++i) {
    GameClient again;
    r = login_from(again, port, "127.0.0.1", "a2-" + std::to_string(i));
    if (r != 0) std::this_thread::sleep_for(50ms);
  }
  EXPECT_EQ(r, 0);
}

TEST(AbusePerAddress, ManyConnectionsFromOneAddressHoldNoMoreThanTheCap) {
  testing::ServerProcess p;
  const uint16_t port = start(p, {"--max-per-address", "5"});
  ASSERT_NE(port, 0) << p.stderr_text();
  std::vector<GameClient> held(40);
  int ok = 0, full = 0;
  for (int i = 0; i < 40; ++i) {
    const uint8_t r = login_from(held[i], port, "127.0.0.3", "n" + std::to_string(i));
    ok += r == 0;
    full += r == 3;
  }
  EXPECT_EQ(ok, 5);
  EXPECT_EQ(full, 35);
  GameClient other;
  EXPECT_EQ(login_from(other, port, "127.0.0.4", "other"), 0);
}

TEST(AbusePerAddress, NoCapByDefault) {
  testing::ServerProcess p;
  const uint16_t port = start(p, {});
  ASSERT_NE(port, 0) << p.stderr_text();
  std::vector<GameClient> held(30);
  int ok = 0;
  for (int i = 0; i < 30; ++i) ok += login_from(held[i], port, "127.0.0.1", "m" + std::to_string(i)) == 0;
  EXPECT_EQ(ok, 30);
}

}  // namespace
}  // namespace iocplab::abuse
