// TelemetryTimeline: cumulative counters in, per-interval deltas and rates out.
#include <gtest/gtest.h>

#include "model/telemetry_timeline.h"

using namespace iocplab::client;

static TelemetryThreads snap(uint32_t uptime, std::vector<uint32_t> recvs, uint32_t busy = 0) {
  TelemetryThreads t;
  t.uptime_ms = uptime;
  for (size_t i = 0; i < recvs.size(); ++i) {
    ThreadCounters c;
    c.index = uint8_t(i);
    c.recvs = recvs[i];
    c.sends = recvs[i] / 2;
    c.busy_us = busy;
    c.wait_us = uptime * 1000;
    t.threads.push_back(c);
  }
  return t;
}

TEST(TelemetryTimeline, IntervalsAreDifferencesBetweenSnapshots) {
  TelemetryTimeline tl;
  tl.add(snap(1000, {10, 20}));
  EXPECT_TRUE(tl.intervals().empty());  // one snapshot is no interval
  tl.add(snap(1200, {30, 20}));
  ASSERT_EQ(tl.intervals().size(), 1u);
  const ThreadInterval& iv = tl.intervals()[0];
  EXPECT_EQ(iv.start_ms, 1000u);
  EXPECT_EQ(iv.end_ms, 1200u);
  ASSERT_EQ(iv.threads.size(), 2u);
  EXPECT_EQ(iv.threads[0].recvs, 20u);
  EXPECT_EQ(iv.threads[0].sends, 10u);
  EXPECT_EQ(iv.threads[1].recvs, 0u);
  EXPECT_EQ(iv.threads[0].wait_us, 200000u);
  EXPECT_DOUBLE_EQ(tl.completions_per_second(0), 30 / 0.2);
  EXPECT_DOUBLE_EQ(tl.completions_per_second(1), 0);
}

TEST(TelemetryTimeline, WrappingBusyCounterStillGivesTheDelta) {
  TelemetryTimeline tl;
  tl.add(snap(1000, {1}, 0xFFFFFF00u));
  tl.add(snap(1200, {2}, 0x100u));
  EXPECT_EQ(tl.intervals().back().threads[0].busy_us, 0x200u);
}

TEST(TelemetryTimeline, ServerRestartStartsANewBaseline) {
  TelemetryTimeline tl;
  tl.add(snap(5000, {100}));
  tl.add(snap(100, {3}));  // uptime went back: restarted
  EXPECT_TRUE(tl.intervals().empty());
  EXPECT_EQ(tl.restarts(), 1u);
  tl.add(snap(300, {5}));
  ASSERT_EQ(tl.intervals().size(), 1u);
  EXPECT_EQ(tl.intervals()[0].threads[0].recvs, 2u);
}

TEST(TelemetryTimeline, TotalsGiveRates) {
  TelemetryTimeline tl;
  TelemetryTotals a;
  a.uptime_ms = 1000;
  a.packets_in = 100;
  a.bytes_out = 1000;
  TelemetryTotals b = a;
  b.uptime_ms = 1500;
  b.packets_in = 150;
  b.bytes_out = 2000;
  tl.add(a);
  tl.add(b);
  ASSERT_EQ(tl.totals().size(), 2u);
  EXPECT_DOUBLE_EQ(tl.totals()[1].packets_in_per_s, 100.0);
  EXPECT_DOUBLE_EQ(tl.totals()[1].bytes_out_per_s, 2000.0);
}

TEST(TelemetryTimeline, KeepsABoundedHistory) {
  TelemetryTimeline tl(5);
  for (uint32_t i = 0; i < 20; ++i) tl.add(snap(1000 + 200 * i, {i}));
  EXPECT_EQ(tl.intervals().size(), 5u);
  EXPECT_EQ(tl.intervals().back().end_ms, 1000u + 200 * 19);
}
