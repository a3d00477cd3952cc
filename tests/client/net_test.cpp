// The client's network layer against the fake server: the connection thread (plain,
// fragmented, coalesced sends), the bot swarm, and the lesson program runner.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "fake_game_server.h"
#include <unistd.h>

#include "lessons/child_process.h"
#include "lessons/lesson_probe.h"
#include "model/lesson_catalog.h"
#include "net/bot_swarm.h"
#include "net/connection.h"
#include "net/socket_util.h"

using namespace iocplab::client;
using iocplab::client::testing::FakeGameServer;
using namespace std::chrono_literals;

namespace {

// Collects events until pred(events so far) holds or 5 s pass.
template <class Pred>
std::vector<NetEvent> events_until(Connection& c, Pred pred) {
  std::vector<NetEvent> all;
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!pred(all) && std::chrono::steady_clock::now() < deadline) {
    for (NetEvent& e : c.wait_events(100ms)) all.push_back(std::move(e));
  }
  return all;
}

int count_in(const std::vector<NetEvent>& ev, uint8_t type) {
  int n = 0;
  for (const NetEvent& e : ev) n += e.kind == NetEvent::FrameIn && frame_type(e.frame) == type;
  return n;
}

// Logs in, sends `moves` moves, and returns every event up to their echoes.
std::vector<NetEvent> login_and_move(Connection& c, uint16_t port, const std::string& name, int moves) {
  c.start("127.0.0.1", port);
  c.send(make_login(name, "pw"));
  for (int i = 1; i <= moves; ++i) c.send(make_move(uint8_t(i % 4), uint32_t(i), 0));
  return events_until(c, [&](const std::vector<NetEvent>& ev) { return count_in(ev, SC_MOVE_PLAYER) >= moves; });
}

}  // namespace

TEST(ClientConnection, PlainSendsOneFramePerSend) {
  FakeGameServer server;
  Connection c;
  auto ev = login_and_move(c, server.port(), "plain", 3);
  EXPECT_EQ(count_in(ev, SC_LOGIN_OK), 1);
  EXPECT_EQ(count_in(ev, SC_MOVE_PLAYER), 3);
  for (const NetEvent& e : ev) {
    if (e.kind == NetEvent::PieceOut) {
      EXPECT_TRUE(e.piece == 43 || e.piece == 12) << e.piece;
    }
  }
  c.stop();
  EXPECT_EQ(server.violations(), 0u);
}

TEST(ClientConnection, FragmentSendsSmallPiecesTheServerReassembles) {
  FakeGameServer server;
  Connection c;
  c.set_fragment(true);
  auto ev = login_and_move(c, server.port(), "frag", 4);
  EXPECT_EQ(count_in(ev, SC_LOGIN_OK), 1);
  ASSERT_EQ(count_in(ev, SC_MOVE_PLAYER), 4);
  size_t pieces = 0, bytes = 0;
  for (const NetEvent& e : ev) {
    if (e.kind != NetEvent::PieceOut) continue;
    EXPECT_LE(e.piece, 4u);
    pieces++;
    bytes += e.piece;
  }
  EXPECT_EQ(bytes, 43u + 4 * 12);
  EXPECT_GE(pieces, (43u + 48) / 4);
  uint32_t seq = 0;  // echoes come back in order
  for (const NetEvent& e : ev) {
    if (e.kind == NetEvent::FrameIn && frame_type(e.frame) == SC_MOVE_PLAYER) {
      EXPECT_EQ(parse_move_player(e.frame)->seq, ++seq);
    }
  }
  c.stop();
  EXPECT_EQ(server.violations(), 0u);
}

TEST(ClientConnection, CoalescePacksSeveralFramesIntoOneSend) {
  FakeGameServer server;
  Connection c;
  c.set_coalesce(true);
  // Queued before the connection exists, so the network thread takes all 8 at once.
  c.send(make_login("coal", "pw"));
  for (int i = 1; i <= 7; ++i) c.send(make_move(uint8_t(i % 4), uint32_t(i), 0));
  c.start("127.0.0.1", server.port());
  auto ev = events_until(c, [&](const std::vector<NetEvent>& e) { return count_in(e, SC_MOVE_PLAYER) >= 7; });
  ASSERT_EQ(count_in(ev, SC_MOVE_PLAYER), 7);
  std::vector<size_t> pieces;
  for (const NetEvent& e : ev) {
    if (e.kind == NetEvent::PieceOut) pieces.push_back(e.piece);
  }
  ASSERT_EQ(pieces.size(), 2u);  // 4 frames a send at most
  EXPECT_EQ(pieces[0], 43u + 3 * 12);
  EXPECT_EQ(pieces[1], 4u * 12);
  c.stop();
}

TEST(ClientConnection, RefusedAndClosedAreReported) {
  uint16_t port;
  { FakeGameServer gone; port = gone.port(); }
  Connection c;
  c.start("127.0.0.1", port);
  auto ev = events_until(c, [](const std::vector<NetEvent>& e) { return !e.empty(); });
  ASSERT_FALSE(ev.empty());
  EXPECT_EQ(ev[0].kind, NetEvent::ConnectFailed);
  EXPECT_NE(ev[0].text.find("refused"), std::string::npos);
  c.stop();

  FakeGameServer server;
  c.start("127.0.0.1", server.port());
  c.send(make_move(0, 1, 0));  // a move before login: the server closes us
  auto ev2 = events_until(c, [](const std::vector<NetEvent>& e) { return !e.empty() && e.back().kind == NetEvent::Closed; });
  ASSERT_FALSE(ev2.empty());
  EXPECT_EQ(ev2.back().kind, NetEvent::Closed);
  EXPECT_EQ(ev2.back().text, "the server closed the connection");
  c.stop();
}

TEST(ClientSockets, SplitsHostAndPort) {
  std::string host;
  uint16_t port = 0;
  EXPECT_TRUE(split_host_port("127.0.0.1:9000", &host, &port));
  EXPECT_EQ(host, "127.0.0.1");
  EXPECT_EQ(port, 9000);
  EXPECT_TRUE(split_host_port("localhost:1", &host, &port));
  EXPECT_FALSE(split_host_port("127.0.0.1", &host, &port));
  EXPECT_FALSE(split_host_port(":9000", &host, &port));
  EXPECT_FALSE(split_host_port("h:0", &host, &port));
  EXPECT_FALSE(split_host_port("h:65536", &host, &port));
  EXPECT_FALSE(split_host_port("h:9x", &host, &port));
}

TEST(ClientBots, SpawnGatherAndRemove) {
  FakeGameServer server;
  BotSwarm bots;
  bots.set_home(50, 50, 3);
  bots.start("127.0.0.1", server.port(), "tbot-");
  bots.set_target(6);
  // No event to wait on: poll the counters, bounded by count and time.
  for (int i = 0; i < 500 && (bots.logged_in() < 6 || bots.near_home() < 6); ++i) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(bots.logged_in(), 6);
  EXPECT_EQ(bots.near_home(), 6);
  for (int i = 0; i < 500 && bots.moves_sent() < 6; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_GE(bots.moves_sent(), 6u);
  bots.set_moving(false);
  for (int i = 0; i < 500 && bots.moves_in_flight() > 0; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(bots.moves_in_flight(), 0) << "every bot move is echoed";
  bots.set_target(2);
  for (int i = 0; i < 500 && bots.logged_in() > 2; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(bots.logged_in(), 2);
  bots.stop();
  int online = 0;
  for (auto& [name, p] : server.snapshot()) online += p.online;
  for (int i = 0; i < 500 && online > 0; ++i) {  // the server handles the logouts
    std::this_thread::sleep_for(10ms);
    online = 0;
    for (auto& [name, p] : server.snapshot()) online += p.online;
  }
  EXPECT_EQ(online, 0);
  EXPECT_EQ(server.snapshot().size(), 6u);
  EXPECT_EQ(server.violations(), 0u);
}

TEST(ClientLessons, ChildProcessReportsItsPortAndOutput) {
  ChildProcess child;
  ASSERT_TRUE(child.start("/bin/sh", {"-c", "echo starting; echo 'listening on 4321'; exec sleep 30"}));
  EXPECT_EQ(child.wait_port(5s), 4321);
  EXPECT_TRUE(child.running());
  EXPECT_NE(child.output().find("starting\n"), std::string::npos);
  child.stop();
  EXPECT_FALSE(child.running());
  EXPECT_EQ(child.exit_code(), 128 + 2);  // SIGINT

  ChildProcess missing;
  EXPECT_FALSE(missing.start("/nonexistent/lesson99", {"--port", "0"}));
  EXPECT_NE(missing.error().find("lesson99"), std::string::npos);
}

// The lesson probes against the real lesson programs, when they are built, started as the
// Lessons window starts them (lesson_drive).
class LessonProgram : public ::testing::TestWithParam<const char*> {};

TEST_P(LessonProgram, RunsOnAFreePortAndAnswersItsProbe) {
  std::string number = GetParam();
  std::string program = std::string(IOCPLAB_BIN_DIR) + "/lesson" + number;
  if (access(program.c_str(), X_OK) != 0) GTEST_SKIP() << program << " is not built";
  LessonDrive drive = lesson_drive(number);
  ChildProcess child;
  ASSERT_TRUE(child.start(program, drive.args)) << child.error();
  int port = child.wait_port(10s);
  ASSERT_GT(port, 0) << child.output();
  if (drive.probe == LessonProbeKind::Grid) {  // the Grid's probe: our own connection logs in and moves
    Connection c;
    c.start("127.0.0.1", uint16_t(port));
    c.send(make_login("grid-probe", "pw"));
    // 12 has no moves yet: the login is all; 13 and 14 echo each move (the grid of stage 13).
    int moves = number == "12" ? 0 : 2;
    for (int i = 1; i <= moves; ++i) c.send(make_move(uint8_t(i % 4), uint32_t(i), 0));
    auto ev = events_until(c, [&](const std::vector<NetEvent>& e) {
      return count_in(e, SC_LOGIN_OK) == 1 && count_in(e, SC_MOVE_PLAYER) >= moves;
    });
    EXPECT_EQ(count_in(ev, SC_LOGIN_OK), 1) << child.output();
    EXPECT_EQ(count_in(ev, SC_MOVE_PLAYER), moves) << child.output();
    c.stop();
    child.stop();
    return;
  }
  LessonProbe probe;
  std::string expect;
  switch (drive.probe) {
    case LessonProbeKind::Echo:
      probe.echo(uint16_t(port), "hello, completion port");
      expect = "same bytes";
      break;
    case LessonProbeKind::Fragments:
      probe.fragmented(uint16_t(port));
      expect = "got back";
      break;
    case LessonProbeKind::Broadcast:  // 09 has no cap yet: the server holds the sleeper's queue
      probe.broadcast(uint16_t(port));
      expect = "still connected (its queue is held by the server)";
      break;
    case LessonProbeKind::SlowReader:
      probe.broadcast(uint16_t(port));
      expect = "disconnected by the server (slow reader cut off)";
      break;
    case LessonProbeKind::StaleId:
      probe.stale_id(uint16_t(port));
      expect = "same slot, new ID";
      break;
    default:
      FAIL() << "stage " << number << " has no probe";
  }
  probe.wait();
  std::string log = probe.log();
  std::printf("%s", log.c_str());
  EXPECT_NE(log.find(expect), std::string::npos) << log;
  child.stop();
  EXPECT_FALSE(child.running());
}

INSTANTIATE_TEST_SUITE_P(Stages, LessonProgram,
                         ::testing::Values("07", "08", "09", "10", "11", "12", "13", "14"));
