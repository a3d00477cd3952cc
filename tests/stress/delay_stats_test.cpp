// Delay statistics of iocplab-stress: histogram percentiles, the "held" rule, the last
// line's format and the saturation verdict.
#include <gtest/gtest.h>

#include <regex>

#include "delay_histogram.h"
#include "held_tracker.h"
#include "report.h"

using namespace iocplab::stress;

namespace {

DelayHistogram window_of(std::initializer_list<uint64_t> us) {
  DelayHistogram h;
  for (uint64_t v : us) h.record(v);
  return h;
}

// Within the histogram's precision (1/64 of the value, plus one for rounding).
void expect_near_rel(uint64_t got, uint64_t want) {
  EXPECT_NEAR(double(got), double(want), double(want) / 64.0 + 1.0) << "want about " << want;
}

}  // namespace

TEST(DelayHistogram, EmptyGivesZeros) {
  DelayHistogram h;
  EXPECT_EQ(h.count(), 0u);
  EXPECT_EQ(h.percentile_us(0.5), 0u);
  EXPECT_EQ(h.max_us(), 0u);
  EXPECT_EQ(h.mean_us(), 0.0);
}

TEST(DelayHistogram, SmallValuesAreExact) {
  DelayHistogram h = window_of({5, 1, 3, 2, 4});
  EXPECT_EQ(h.percentile_us(0.2), 1u);
  EXPECT_EQ(h.percentile_us(0.5), 3u);
  EXPECT_EQ(h.percentile_us(1.0), 5u);
  EXPECT_EQ(h.max_us(), 5u);
  EXPECT_DOUBLE_EQ(h.mean_us(), 3.0);
}

TEST(DelayHistogram, PercentilesOfAUniformSpread) {
  DelayHistogram h;
  for (uint64_t ms = 1; ms <= 1000; ++ms) h.record(ms * 1000);  // 1..1000 ms
  expect_near_rel(h.percentile_us(0.50), 500'000);
  expect_near_rel(h.percentile_us(0.90), 900'000);
  expect_near_rel(h.percentile_us(0.99), 990'000);
  EXPECT_EQ(h.max_us(), 1'000'000u);
  EXPECT_DOUBLE_EQ(h.mean_us(), 500'500.0);
}

TEST(DelayHistogram, P99SeesTheSlowTail) {
  DelayHistogram h;
  for (int i = 0; i < 980; ++i) h.record(1000);    // 1 ms
  for (int i = 0; i < 20; ++i) h.record(250'000);  // 250 ms: the slowest 2%
  expect_near_rel(h.percentile_us(0.50), 1000);
  expect_near_rel(h.percentile_us(0.99), 250'000);
  EXPECT_LE(h.percentile_us(0.99), h.max_us());
}

TEST(DelayHistogram, HugeValuesKeepExactMaxAndMean) {
  DelayHistogram h = window_of({DelayHistogram::kMaxTrackedUs * 3});
  EXPECT_EQ(h.max_us(), DelayHistogram::kMaxTrackedUs * 3);
  EXPECT_DOUBLE_EQ(h.mean_us(), double(DelayHistogram::kMaxTrackedUs * 3));
  EXPECT_LE(h.percentile_us(1.0), h.max_us());
}

TEST(DelayHistogram, MergeAddsCountsAndKeepsMax) {
  DelayHistogram a = window_of({1000, 2000});
  DelayHistogram b = window_of({90'000});
  a.merge(b);
  EXPECT_EQ(a.count(), 3u);
  EXPECT_EQ(a.max_us(), 90'000u);
  EXPECT_DOUBLE_EQ(a.mean_us(), 31'000.0);
  a.clear();
  EXPECT_EQ(a.count(), 0u);
}

TEST(HeldTracker, EmptyWindowIsNeitherUnderNorOver) {
  HeldTracker t(100'000);
  EXPECT_EQ(t.add_window(10, 10, DelayHistogram{}), WindowVerdict::Empty);
  EXPECT_EQ(t.held_bots(), 0u);
}

TEST(HeldTracker, HeldIsTheLargestCountUnderTheLimit) {
  HeldTracker t(100'000);
  EXPECT_EQ(t.add_window(0, 10, window_of({1000})), WindowVerdict::Under);
  EXPECT_EQ(t.held_bots(), 0u);  // no bot was in for the whole window
  EXPECT_EQ(t.add_window(10, 20, window_of({2000})), WindowVerdict::Under);
  EXPECT_EQ(t.held_bots(), 10u);  // the lower of start and end
  EXPECT_EQ(t.add_window(20, 30, window_of({50'000, 60'000})), WindowVerdict::Under);
  EXPECT_EQ(t.held_bots(), 20u);
  EXPECT_EQ(t.add_window(30, 40, window_of({150'000, 99'000})), WindowVerdict::Over);
  EXPECT_EQ(t.held_bots(), 20u);  // over the limit: does not count
  EXPECT_EQ(t.add_window(40, 15, window_of({1000})), WindowVerdict::Under);
  EXPECT_EQ(t.held_bots(), 20u);  // bots dropped to 15 during it
  EXPECT_DOUBLE_EQ(t.held_delays().mean_us(), 55'000.0);  // the figures of the 20-bot window
}

TEST(HeldTracker, AverageExactlyAtTheLimitIsOver) {
  HeldTracker t(100'000);
  EXPECT_EQ(t.add_window(5, 5, window_of({50'000, 150'000})), WindowVerdict::Over);
  EXPECT_EQ(t.add_window(5, 5, window_of({99'999})), WindowVerdict::Under);
  EXPECT_EQ(t.held_bots(), 5u);
}

TEST(HeldTracker, WindowsAtTheHeldCountAreMerged) {
  HeldTracker t(100'000);
  t.add_window(50, 50, window_of({10'000}));
  t.add_window(50, 50, window_of({30'000}));
  t.add_window(40, 40, window_of({90'000}));  // fewer bots: not part of the held figures
  EXPECT_EQ(t.held_bots(), 50u);
  EXPECT_EQ(t.held_delays().count(), 2u);
  EXPECT_DOUBLE_EQ(t.held_delays().mean_us(), 20'000.0);
  t.add_window(60, 60, window_of({70'000}));  // more bots: replaces them
  EXPECT_EQ(t.held_bots(), 60u);
  EXPECT_EQ(t.held_delays().count(), 1u);
}

TEST(FinalLine, HasTheExactFormat) {
  DelayHistogram h = window_of({12'300, 12'360});
  EXPECT_EQ(final_line(42, h, 100), "held 42 bots, avg 12.3 ms, p99 12.4 ms, limit 100 ms");
  EXPECT_EQ(final_line(0, DelayHistogram{}, 250), "held 0 bots, avg 0.0 ms, p99 0.0 ms, limit 250 ms");
  std::regex re(R"(^held [0-9]+ bots, avg [0-9]+\.[0-9] ms, p99 [0-9]+\.[0-9] ms, limit [0-9]+ ms$)");
  EXPECT_TRUE(std::regex_match(final_line(7, window_of({1'234'567}), 5), re));
}

TEST(FormatMs, OneDecimal) {
  EXPECT_EQ(format_ms(0), "0.0");
  EXPECT_EQ(format_ms(1049), "1.0");
  EXPECT_EQ(format_ms(1051), "1.1");
  EXPECT_EQ(format_ms(123'456), "123.5");
}

TEST(Saturation, ToolBoundWhenTheToolUsesMoreThan90PercentOfItsCores) {
  CpuFigures f{.tool_cores = 0.95, .tool_threads = 1, .server_known = true, .server_cores = 0.5,
               .server_threads = 4, .machine_cores = 2, .limit_reached = true};
  EXPECT_EQ(saturation_verdict(f).rfind("tool-bound", 0), 0u) << saturation_verdict(f);
  f.tool_threads = 2;  // two threads can use two cores: 0.95 of 2 is not bound
  EXPECT_NE(saturation_verdict(f).rfind("tool-bound", 0), 0u) << saturation_verdict(f);
}

TEST(Saturation, ServerBoundWhenTheServerFillsItsCores) {
  CpuFigures f{.tool_cores = 0.2, .tool_threads = 1, .server_known = true, .server_cores = 1.9,
               .server_threads = 4, .machine_cores = 2, .limit_reached = true};
  EXPECT_EQ(saturation_verdict(f).rfind("server-bound", 0), 0u) << saturation_verdict(f);
  f.server_threads = 1;  // one thread: 0.95 of a core is its limit
  f.server_cores = 0.95;
  EXPECT_EQ(saturation_verdict(f).rfind("server-bound", 0), 0u) << saturation_verdict(f);
}

TEST(Saturation, MachineBoundWhenBothTogetherFillTheMachine) {
  CpuFigures f{.tool_cores = 0.8, .tool_threads = 1, .server_known = true, .server_cores = 1.1,
               .server_threads = 4, .machine_cores = 2, .limit_reached = true};
  EXPECT_EQ(saturation_verdict(f).rfind("machine-bound", 0), 0u) << saturation_verdict(f);
}

TEST(Saturation, MachineBoundWhenOtherProgramsFillTheMachine) {
  CpuFigures f{.tool_cores = 0.3, .tool_threads = 1, .server_known = true, .server_cores = 0.6,
               .server_threads = 4, .machine_cores = 2, .limit_reached = true};
  f.machine_known = true;
  f.machine_busy_cores = 1.95;  // 1.05 cores taken by other programs
  EXPECT_EQ(saturation_verdict(f).rfind("machine-bound", 0), 0u) << saturation_verdict(f);
  f.machine_busy_cores = 1.0;
  EXPECT_EQ(saturation_verdict(f).rfind("neither", 0), 0u) << saturation_verdict(f);
}

TEST(Saturation, NeitherWhenCpuIsToSpare) {
  CpuFigures f{.tool_cores = 0.1, .tool_threads = 1, .server_known = true, .server_cores = 0.3,
               .server_threads = 4, .machine_cores = 8, .limit_reached = true};
  EXPECT_EQ(saturation_verdict(f).rfind("neither", 0), 0u) << saturation_verdict(f);
  f.server_known = false;
  EXPECT_NE(saturation_verdict(f).find("server unknown"), std::string::npos);
}
