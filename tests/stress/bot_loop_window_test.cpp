// The coordinator's take_window() runs while a loop thread connects bots and sends moves.
// Every age it computes (a move unanswered, a login not answered) must be taken against a
// clock read under the loop's lock: a time read before waiting for the lock is older than
// the stamps the loop writes meanwhile, and now - stamp wraps around to ~584,000 years
// (a "login timeout" for a bot that just connected, a move "delayed" by the histogram cap).
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "bot_loop.h"
#include "fake_game_server.h"
#include "options.h"
#include "run_clock.h"

namespace iocplab::stress {
namespace {

TEST(BotLoopWindow, AgesTakenWhileTheLoopIsBusyNeverWrapAround) {
  stress_test::FakeGameServer server;
  ASSERT_NE(server.port(), 0);
  std::string port = std::to_string(server.port());
  std::vector<std::string_view> args = {"--port", port, "--max-bots", "300", "--ramp-ms", "0", "--move-ms", "10"};
  ParsedOptions parsed = parse_options(args);
  ASSERT_TRUE(parsed.ok) << parsed.error;

  RunClock clock;
  BotLoop loop(parsed.options, 0, 1, clock, 0);
  ASSERT_TRUE(loop.ok());
  std::thread runner([&] { loop.run(); });

  // The coordinator, as fast as it can: bounded by calls and by time.
  constexpr uint64_t kLimitUs = 1000;  // 1 ms: many honest overdue samples, all far below 10 s
  uint64_t worst_us = 0, timeouts = 0;
  uint32_t online = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(4);
  for (int call = 0; call < 2'000'000 && std::chrono::steady_clock::now() < deadline; ++call) {
    LoopWindow w;
    loop.take_window(kLimitUs, &w);
    if (w.delays.max_us() > worst_us) worst_us = w.delays.max_us();
    timeouts = w.totals.login_timeouts;
    online = w.online;
    if (timeouts > 0 || worst_us > 10'000'000) break;
  }
  loop.request_stop();
  runner.join();

  EXPECT_EQ(timeouts, 0u) << "bots killed as login timeouts within 4 s of a 10 s timeout";
  EXPECT_LT(worst_us, 10'000'000u) << "an age wrapped around (a stamp newer than the window's clock)";
  EXPECT_GT(online, 0u);
}

}  // namespace
}  // namespace iocplab::stress
