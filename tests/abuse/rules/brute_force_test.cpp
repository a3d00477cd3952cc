// Brute force against the name lock: many guesses, sequential and in parallel from many
// connections, earn --login-failures answers about the password and FAIL(5) for the rest;
// the owner is kept out only for --lockout seconds; other names are untouched.
#include <thread>

#include "abuse_server.h"

namespace iocplab::abuse {
namespace {

TEST(AbuseBruteForce, SequentialGuessesGetFiveAnswersThenTheLock) {
  testing::ServerProcess p;
  const uint16_t port = start(p, {"--login-failures", "5", "--lockout", "2"});
  ASSERT_NE(port, 0) << p.stderr_text();
  ASSERT_EQ(login_reason(port, "owner", "correct horse"), 0);
  int ones = 0, fives = 0;
  const auto end = std::chrono::steady_clock::now() + 20s;
  for (int i = 0; i < 200 && std::chrono::steady_clock::now() < end; ++i) {
    const uint8_t r = login_reason(port, "owner", "guess" + std::to_string(i));
    ones += r == 1;
    fives += r == 5;
  }
  EXPECT_EQ(ones, 5);
  EXPECT_EQ(fives, 195);
  EXPECT_EQ(login_reason(port, "owner", "correct horse"), 5) << "locked: the owner too";
  EXPECT_TRUE(still_serves(port, "someone-else"));
  std::this_thread::sleep_for(2100ms);
  EXPECT_EQ(login_reason(port, "owner", "correct horse"), 0) << "the lock ends after --lockout";
}

TEST(AbuseBruteForce, ParallelGuessesFromManyConnectionsGainNothing) {
  testing::ServerProcess p;
  const uint16_t port = start(p, {"--login-failures", "3", "--lockout", "60"});
  ASSERT_NE(port, 0) << p.stderr_text();
  ASSERT_EQ(login_reason(port, "owner", "secret"), 0);
  constexpr int kThreads = 8, kEach = 25;
  std::atomic<int> ones{0}, fives{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const uint8_t r = login_reason(port, "owner", "g" + std::to_string(t) + "-" + std::to_string(i));
        (r == 1 ? ones : r == 5 ? fives : other).fetch_add(1);
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ones.load(), 3) << "exactly --login-failures guesses were checked";
  EXPECT_EQ(fives.load(), kThreads * kEach - 3);
  EXPECT_EQ(other.load(), 0);
  EXPECT_TRUE(still_serves(port, "bystander"));
}

TEST(AbuseBruteForce, GuessingManyNamesLocksEachOnlyForItself) {
  testing::ServerProcess p;
  const uint16_t port = start(p, {"--login-failures", "2", "--lockout", "60"});
  ASSERT_NE(port, 0) << p.stderr_text();
  for (int n = 0; n < 20; ++n) ASSERT_EQ(login_reason(port, "user" + std::to_string(n), "pw"), 0);
  for (int n = 0; n < 10; ++n)
    for (int i = 0; i < 3; ++i) login_reason(port, "user" + std::to_string(n), "bad");
  for (int n = 0; n < 20; ++n)
    EXPECT_EQ(login_reason(port, "user" + std::to_string(n), "pw"), n < 10 ? 5 : 0) << n;
}

}  // namespace
}  // namespace iocplab::abuse
