// End to end: iocplab-stress against a server on loopback, port 0. Against the fake
// server always; against build/bin/iocplab-server when that target exists.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <regex>
#include <string>

#include "fake_game_server.h"
#include "run_program.h"

using namespace stress_test;
using namespace std::chrono_literals;

#ifndef IOCPLAB_STRESS_TOOL
#error "IOCPLAB_STRESS_TOOL must name the iocplab-stress binary"
#endif

namespace {

const std::regex kLastLine(R"(^held ([0-9]+) bots, avg ([0-9]+\.[0-9]) ms, p99 ([0-9]+\.[0-9]) ms, limit ([0-9]+) ms$)");

struct LastLine {
  bool matched = false;
  unsigned long held = 0;
  double avg = 0, p99 = 0;
  unsigned long limit = 0;
};

LastLine parse_last_line(const std::string& out) {
  LastLine l;
  std::smatch m;
  std::string line = last_line(out);
  if (!std::regex_match(line, m, kLastLine)) return l;
  l.matched = true;
  l.held = std::stoul(m[1]);
  l.avg = std::stod(m[2]);
  l.p99 = std::stod(m[3]);
  l.limit = std::stoul(m[4]);
  return l;
}

ProgramResult run_tool(std::vector<std::string> args) {
  args.insert(args.begin(), IOCPLAB_STRESS_TOOL);
  ProgramResult r = run_program(args, 30s);
  if (std::getenv("STRESS_TEST_VERBOSE")) std::fputs(r.out.c_str(), stdout);  // to see a passing run
  return r;
}

}  // namespace

TEST(StressE2E, FakeServerFiftyBots) {
  FakeGameServer server;
  ASSERT_NE(server.port(), 0);
  ProgramResult r = run_tool({"--port", std::to_string(server.port()), "--max-bots", "50", "--duration", "5",
                              "--server-pid", std::to_string(server.pid_for_cpu())});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  LastLine l = parse_last_line(r.out);
  ASSERT_TRUE(l.matched) << "last line: '" << last_line(r.out) << "'\n" << r.out;
  EXPECT_GT(l.held, 0u) << r.out;
  EXPECT_LE(l.held, 50u);
  EXPECT_EQ(l.limit, 100u);
  EXPECT_LT(l.avg, 100.0);
  EXPECT_EQ(server.counters().logins.load(), 50u) << r.out;
  EXPECT_GT(server.counters().moves.load(), 50u) << r.out;
  EXPECT_EQ(server.counters().bad_frames.load(), 0u);
  // Every bot read everything it was sent, others' moves and adds included: the frames
  // the tool counts match what the server sent (but for the few in flight at the end).
  EXPECT_EQ(server.counters().slow_reader_drops.load(), 0u);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex(R"(traffic: ([0-9]+) frames in)"))) << r.out;
  uint64_t frames_in = std::stoull(m[1]);
  uint64_t frames_out = server.counters().frames_out.load();
  EXPECT_LE(frames_in, frames_out);
  EXPECT_GE(frames_in * 100, frames_out * 95) << "read " << frames_in << " of " << frames_out << " frames sent";
  EXPECT_GT(frames_out, 50u * 49u) << "every bot hears about every other one";
  EXPECT_NE(r.out.find("saturation: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("p50 "), std::string::npos) << r.out;
}

// Short, and labelled "sanitize": under the TSan build it checks the tool's two loops.
TEST(StressE2E, TwoThreadsShareTheBots) {
  FakeGameServer server;
  ASSERT_NE(server.port(), 0);
  ProgramResult r = run_tool({"--port", std::to_string(server.port()), "--threads", "2", "--max-bots", "40",
                              "--ramp-ms", "5", "--hold", "1", "--duration", "5", "--name-prefix", "two"});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  LastLine l = parse_last_line(r.out);
  ASSERT_TRUE(l.matched) << r.out;
  EXPECT_EQ(l.held, 40u) << r.out;
  EXPECT_EQ(server.counters().logins.load(), 40u);
  EXPECT_EQ(server.counters().slow_reader_drops.load(), 0u);
  EXPECT_NE(r.out.find("2 thread(s)"), std::string::npos) << r.out;
}

TEST(StressE2E, SpreadsBotsOverSourceAddresses) {
  // 10 bots per source address (normally ~28,000): 25 bots need 127.0.0.1, .2 and .3.
  FakeGameServer server;
  ASSERT_NE(server.port(), 0);
  ProgramResult r = run_tool({"--port", std::to_string(server.port()), "--max-bots", "25", "--ramp-ms", "2",
                              "--hold", "1", "--duration", "5", "--ports-per-address", "10", "--name-prefix", "src"});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(server.counters().logins.load(), 25u) << r.out;
  std::set<uint32_t> expected = {0x7F000001, 0x7F000002, 0x7F000003};
  EXPECT_EQ(server.source_addresses(), expected);
}

TEST(StressE2E, StopsRampingWhenTheDelayReachesTheLimit) {
  // Each echo waits 2 ms per client online: 60 ms is reached near 30 bots, 10 bots a second.
  FakeGameServer server(2000);
  ASSERT_NE(server.port(), 0);
  ProgramResult r = run_tool({"--port", std::to_string(server.port()), "--max-bots", "200", "--ramp-ms", "100",
                              "--delay-limit-ms", "60", "--hold", "1", "--duration", "20", "--move-ms", "250"});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  LastLine l = parse_last_line(r.out);
  ASSERT_TRUE(l.matched) << r.out;
  EXPECT_EQ(l.limit, 60u);
  EXPECT_GT(l.held, 0u) << r.out;
  EXPECT_LT(l.held, 30u) << r.out;  // never a count whose delay was over the limit
  EXPECT_LT(l.avg, 60.0);
  EXPECT_NE(r.out.find("reached the limit 60 ms"), std::string::npos) << r.out;
  EXPECT_LT(server.counters().logins.load(), 200u) << "the ramp went on past the limit\n" << r.out;
}

TEST(StressE2E, NoServerIsAnErrorButStillEndsWithTheLastLine) {
  uint16_t port;
  {
    FakeGameServer closed;  // a port that was free a moment ago and is closed now
    port = closed.port();
  }
  ProgramResult r = run_tool({"--port", std::to_string(port), "--max-bots", "5", "--duration", "3"});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  LastLine l = parse_last_line(r.out);
  ASSERT_TRUE(l.matched) << r.out;
  EXPECT_EQ(l.held, 0u);
}

TEST(StressE2E, BadFlagsExitTwo) {
  EXPECT_EQ(run_tool({"--port", "nope"}).exit_code, 2);
  EXPECT_EQ(run_tool({"--frobnicate", "1"}).exit_code, 2);
  EXPECT_EQ(run_tool({"--host", "10.1.2.3"}).exit_code, 2);
  EXPECT_EQ(run_tool({"--help"}).exit_code, 0);
}

TEST(StressE2E, RealServerFiftyBots) {
#if !IOCPLAB_HAVE_SERVER
  GTEST_SKIP() << "iocplab-server is not built in this tree yet";
#else
  ASSERT_EQ(::access(IOCPLAB_SERVER_BIN, X_OK), 0) << IOCPLAB_SERVER_BIN;
  BackgroundProgram server(
      {IOCPLAB_SERVER_BIN, "--port", "0", "--db", ":memory:", "--hash-memory", "8", "--hash-passes", "1"});
  std::string port = server.wait_for_line("listening on ", 10s);
  ASSERT_FALSE(port.empty()) << "the server did not print 'listening on <port>'";
  ProgramResult r = run_tool({"--port", port, "--max-bots", "50", "--duration", "5", "--server-pid",
                              std::to_string(server.pid())});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  LastLine l = parse_last_line(r.out);
  ASSERT_TRUE(l.matched) << "last line: '" << last_line(r.out) << "'\n" << r.out;
  EXPECT_GT(l.held, 0u) << r.out;
  EXPECT_LE(l.held, 50u);
#endif
}
