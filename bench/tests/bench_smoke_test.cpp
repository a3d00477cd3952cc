// Smoke tests of the benchmark programs: each echo server answers the ping-pong client
// (C=10, ~1 s) and the fan-out server delivers updates. No timing is asserted.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "child_process.h"

namespace iocplab::bench::test {
namespace {

// Value of "name=<number>" in a key=value line, or -1.
double field(const std::string& line, const std::string& name) {
  size_t at = line.find(name + "=");
  if (at == std::string::npos) return -1;
  return std::atof(line.c_str() + at + name.size() + 1);
}

void expect_echoes(const std::vector<std::string>& server_argv) {
  ChildProcess server(server_argv);
  unsigned port = server.wait_for_port(10000);
  ASSERT_NE(port, 0u) << "the server did not announce its port";
  int status = -1;
  std::string out = run_to_completion({PINGPONG_CLIENT, "--port", std::to_string(port), "--conns", "10", "--size", "128",
                                       "--seconds", "1", "--warmup", "0.1"},
                                      15000, &status);
  EXPECT_EQ(status, 0) << out;
  EXPECT_GT(field(out, "echoes"), 0) << out;
  EXPECT_EQ(server.stop(10000), 0) << "the server did not stop cleanly on SIGINT";
}

TEST(BenchSmoke, BareEpollEchoServerEchoes) { expect_echoes({EPOLL_ECHO}); }

TEST(BenchSmoke, AsioEchoServerEchoes) { expect_echoes({ASIO_ECHO, "--threads", "1"}); }

TEST(BenchSmoke, IocpEchoServerEchoesOnEpoll) { expect_echoes({IOCP_ECHO, "--engine", "epoll", "--threads", "2"}); }

TEST(BenchSmoke, IocpEchoServerEchoesOnUring) {
  ChildProcess probe({IOCP_ECHO, "--engine", "uring"});
  if (probe.wait_for_port(10000) == 0) GTEST_SKIP() << "io_uring refused on this machine";
  probe.stop(10000);
  expect_echoes({IOCP_ECHO, "--engine", "uring", "--threads", "2"});
}

#ifdef NET_ECHO
TEST(BenchSmoke, FrameworkEchoServerEchoesFramedMessages) {
  for (const char* size : {"128", "16384"}) {
    ChildProcess server({NET_ECHO, "--engine", "epoll", "--threads", "1"});
    unsigned port = server.wait_for_port(10000);
    ASSERT_NE(port, 0u) << "the server did not announce its port";
    int status = -1;
    std::string out = run_to_completion({PINGPONG_CLIENT, "--port", std::to_string(port), "--conns", "10", "--size", size,
                                         "--seconds", "1", "--warmup", "0.1", "--framed", "1"},
                                        15000, &status);
    EXPECT_EQ(status, 0) << out;
    EXPECT_GT(field(out, "echoes"), 0) << size << ": " << out;
  }
}
#endif

TEST(BenchSmoke, LargeMessagesComeBackWhole) {
  ChildProcess server({IOCP_ECHO, "--engine", "epoll"});
  unsigned port = server.wait_for_port(10000);
  ASSERT_NE(port, 0u);
  int status = -1;
  std::string out = run_to_completion({PINGPONG_CLIENT, "--port", std::to_string(port), "--conns", "10", "--size", "16384",
                                       "--seconds", "1", "--warmup", "0.1"},
                                      15000, &status);
  EXPECT_EQ(status, 0) << out;
  EXPECT_GT(field(out, "echoes"), 0) << out;
}

TEST(BenchSmoke, PingpongClientDealsConnectionsToSeveralThreads) {
  ChildProcess server({EPOLL_ECHO});
  unsigned port = server.wait_for_port(10000);
  ASSERT_NE(port, 0u);
  int status = -1;
  std::string out = run_to_completion({PINGPONG_CLIENT, "--port", std::to_string(port), "--conns", "10", "--size", "128",
                                       "--seconds", "1", "--warmup", "0.1", "--threads", "3"},
                                      15000, &status);
  EXPECT_EQ(status, 0) << out;
  EXPECT_EQ(field(out, "threads"), 3) << out;
  EXPECT_GT(field(out, "echoes"), 0) << out;
  EXPECT_GT(field(out, "p50_us"), -1) << out;
  // More threads than connections is a usage error, not a silent idle thread.
  std::string bad = run_to_completion({PINGPONG_CLIENT, "--port", std::to_string(port), "--conns", "2", "--threads", "3"},
                                      15000, &status);
  EXPECT_EQ(status, 2) << bad;
}

#ifdef GAME_SERVER
TEST(BenchSmoke, GridBotsLogInMoveAndTimeTheirEchoes) {
  ChildProcess server({GAME_SERVER, "--port", "0", "--db", ":memory:", "--hash-memory", "8", "--hash-passes", "1"});
  unsigned port = server.wait_for_port(10000);
  ASSERT_NE(port, 0u) << "the game server did not announce its port";
  int status = -1;
  std::string out = run_to_completion({GRID_BOTS, "--port", std::to_string(port), "--bots", "20", "--ramp-per-s", "200",
                                       "--seconds", "2", "--move-ms", "200", "--threads", "2"},
                                      20000, &status);
  EXPECT_EQ(status, 0) << out;
  EXPECT_EQ(field(out, "logged_in"), 20) << out;
  EXPECT_EQ(field(out, "failed"), 0) << out;
  EXPECT_GT(field(out, "moves"), 20) << out;
  EXPECT_GT(field(out, "echoes"), 20) << "each bot's moves come back to it: " << out;
  EXPECT_LE(field(out, "echoes"), field(out, "moves")) << out;
}
#endif

TEST(BenchSmoke, FanoutDeliversUpdatesInBothModes) {
  for (const char* mode : {"single", "gathered"}) {
    ChildProcess server({FANOUT_SERVER, "--conns", "10", "--k", "4", "--mode", mode, "--warmup", "0.1", "--seconds", "0.5"});
    unsigned port = server.wait_for_port(10000);
    ASSERT_NE(port, 0u);
    int status = -1;
    std::string client = run_to_completion({FANOUT_CLIENT, "--port", std::to_string(port), "--conns", "10", "--max-seconds", "20"},
                                           25000, &status);
    std::string report = server.read_all(5000);
    EXPECT_EQ(status, 0) << client;
    EXPECT_GT(field(client, "delivered_updates"), 0) << mode << ": " << client;
    EXPECT_GT(field(report, "updates"), 0) << mode << ": " << report;
    EXPECT_EQ(field(report, "dead"), 0) << mode << ": " << report;
    EXPECT_EQ(field(client, "open_at_end"), 0) << mode << ": " << client;
  }
}

}  // namespace
}  // namespace iocplab::bench::test
