// Chrome trace export: a JSON file with thread names, busy slices and counters.
#include <gtest/gtest.h>

#include <algorithm>

#include "model/trace_export.h"

using namespace iocplab::client;

TEST(TraceExport, ContainsThreadsSlicesAndCounters) {
  TelemetryTimeline tl;
  TelemetryThreads a, b;
  a.uptime_ms = 1000;
  b.uptime_ms = 1200;
  ThreadCounters c;
  a.threads = {c};
  c.recvs = 7;
  c.busy_us = 1500;
  b.threads = {c};
  tl.add(a);
  tl.add(b);
  TelemetryTotals t;
  t.uptime_ms = 1200;
  t.sessions = 4;
  tl.add(t);
  std::string json = chrome_trace_json(tl);
  EXPECT_EQ(json.rfind("{\"displayTimeUnit\"", 0), 0u);
  EXPECT_NE(json.find("\"traceEvents\""), std::string::npos);
  EXPECT_NE(json.find("\"name\":\"worker 0\""), std::string::npos);
  EXPECT_NE(json.find("\"ph\":\"X\",\"pid\":1,\"tid\":0,\"ts\":1000000,\"dur\":1500"), std::string::npos);
  EXPECT_NE(json.find("\"recv\":7"), std::string::npos);
  EXPECT_NE(json.find("\"sessions\":4"), std::string::npos);
  // Balanced brackets: a cheap well-formedness check.
  EXPECT_EQ(std::count(json.begin(), json.end(), '{'), std::count(json.begin(), json.end(), '}'));
  EXPECT_EQ(std::count(json.begin(), json.end(), '['), std::count(json.begin(), json.end(), ']'));
}
