// Logging never blocks a worker: with stderr on a full pipe nobody reads, the server
// keeps accepting, refusing, echoing and closing (each of which logs a line).
#include <gtest/gtest.h>

#if !defined(_WIN32)
#include "log.h"
#include "stalled_stderr.h"
#include "test_support.h"

using namespace std::chrono_literals;
using iocplab::net::CloseReason;
using namespace iocplab::testing;

TEST(NetLog, AStalledStderrNeverStallsTheWorkers) {
  auto cfg = loopback_server_config();
  cfg.max_sessions = 1;  // the second connection of each round is refused (a log line)
  RunningServer r(cfg);
  ASSERT_TRUE(r.started);
  StalledStderr stalled;
  ASSERT_TRUE(stalled.ok());
  constexpr int kRounds = 30;
  int served = 0;
  const auto give_up = std::chrono::steady_clock::now() + 20s;
  for (int i = 0; i < kRounds && std::chrono::steady_clock::now() < give_up; ++i) {
    LoopbackClient a, b;
    if (!a.connect(r.server.port())) break;
    auto f = make_frame(3, 8, static_cast<uint8_t>(i));
    if (!a.send_all(f) || a.read_frame(2s) != f) break;
    if (!b.connect(r.server.port()) || b.read_frame(2s) != std::vector<uint8_t>{4, 0, 12, 3}) break;
    a.close();  // its close is logged
    if (!r.handler.wait([&] { return r.handler.close_count() == size_t(i + 1); }, 2s)) break;
    if (!eventually([&] { return r.server.totals().slots_in_use == 0; }, 2s)) break;
    ++served;
  }
  std::string text = stalled.release();  // a worker stuck in a write goes on now
  EXPECT_EQ(served, kRounds) << "the workers stalled on stderr";
  EXPECT_EQ(r.server.closes(CloseReason::PeerClosed), uint64_t(served));
}

TEST(NetLog, AFullQueueDropsLinesCountsThemAndSaysSo) {
  ASSERT_TRUE(iocplab::net::log_flush(5s));
  StalledStderr stalled;
  ASSERT_TRUE(stalled.ok());
  const auto before = iocplab::net::log_stats();
  constexpr int kLines = int(iocplab::net::kLogQueueLines) * 3;
  for (int i = 0; i < kLines; ++i) iocplab::net::log_line("log test line %d", i);  // returns at once
  const auto during = iocplab::net::log_stats();
  EXPECT_GT(during.dropped, before.dropped) << "the queue is bounded";
  EXPECT_LE(during.queued, iocplab::net::kLogQueueLines);
  stalled.unstall();
  EXPECT_TRUE(iocplab::net::log_flush(5s));
  std::string text = stalled.release();
  const auto after = iocplab::net::log_stats();
  EXPECT_EQ(after.dropped - before.dropped + (after.written - before.written), uint64_t(kLines))
      << "every line is either written or counted as dropped";
  EXPECT_NE(text.find("log test line 0\n"), std::string::npos);
  EXPECT_NE(text.find("lines dropped"), std::string::npos) << "the drop is reported in a line";
}
#endif
