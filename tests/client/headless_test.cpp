// The real iocplab-client binary in --headless mode: against the fake server (known
// world), the failure paths (one line, non-zero), and against iocplab-server when built.
// Checks the screenshot (players' discs at the cells the state dump names, panels drawn)
// and that the client's state matches the server's.
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "fake_game_server.h"
#include "headless_support.h"

extern char** environ;
namespace fs = std::filesystem;
using namespace iocplab::client::testing;

namespace {

std::vector<std::string> headless_args(uint16_t port, const fs::path& png, const fs::path& dump, int bots, int frames,
                                       const std::string& name, const std::string& password) {
  return {"--headless", "--connect", "127.0.0.1:" + std::to_string(port), "--bots", std::to_string(bots),
          "--frames", std::to_string(frames), "--screenshot", png.string(), "--dump-state", dump.string(),
          "--name", name, "--password", password};
}

}  // namespace

TEST(ClientHeadless, ScenarioAgainstFakeServerMatchesTheServer) {
  FakeGameServer server;
  fs::path png = temp_path("fake.png"), dump_path = temp_path("fake.json"), trace = temp_path("trace.json");
  auto args = headless_args(server.port(), png, dump_path, 20, 120, "e2e-학생", "pw");
  args.insert(args.end(), {"--trace", trace.string()});
  RunResult r = run(IOCPLAB_CLIENT_BIN, args, 90000);
  ASSERT_FALSE(r.timed_out) << r.err;
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("screenshot written to"), std::string::npos);

  Image img = load_png(png);
  ASSERT_EQ(img.w, 1600);
  ASSERT_EQ(img.h, 900);
  Dump d = parse_dump(slurp(dump_path));
  ASSERT_NE(d.self_id, 0u);
  ASSERT_GT(d.grid.cell_px, 0);

  // The client's world equals the server's: same position for itself, and exactly the
  // players the server has inside its view box, at the server's positions.
  auto players = server.snapshot();
  ASSERT_TRUE(players.count("e2e-학생"));
  const auto& me = players.at("e2e-학생");
  EXPECT_EQ(me.x, d.self_x);
  EXPECT_EQ(me.y, d.self_y);
  std::map<std::string, std::pair<int, int>> expected, seen;
  for (const auto& [name, p] : players) {
    if (std::abs(p.x - me.x) <= FakeGameServer::kView && std::abs(p.y - me.y) <= FakeGameServer::kView) {
      expected[name] = {p.x, p.y};
    }
  }
  for (const DumpPlayer& p : d.players) seen[p.self ? "e2e-학생" : p.name] = {p.x, p.y};
  EXPECT_EQ(seen, expected);
  EXPECT_GE(d.players.size(), 5u) << "20 bots spawn around the player; several must be in view";
  EXPECT_EQ(d.bots_logged_in, 20);

  // Packet counts: the server got every frame the client logged as sent, plus the
  // CS_LOGOUT sent at exit; every own move came back.
  EXPECT_EQ(double(me.frames_in), d.packets["sent"] + 1);
  EXPECT_LE(d.packets["received"], double(me.frames_out));
  EXPECT_GT(d.packets["moves_sent"], 0);
  EXPECT_EQ(d.packets["moves_sent"], d.packets["move_echoes"]);
  EXPECT_GT(d.telemetry_intervals, 0);

  // The screenshot: discs at the cells, and every panel drew something.
  int others = 0;
  expect_discs_at_cells(img, d, &others);
  EXPECT_GE(others, 3);
  EXPECT_GT(distinct_colors(img, 0, 30, 300, 880), 20u) << "Session panel";
  EXPECT_GT(distinct_colors(img, 960, 30, 1590, 480), 20u) << "Packets panel";
  EXPECT_GT(distinct_colors(img, 960, 520, 1590, 890), 20u) << "Threads panel";
  EXPECT_GT(distinct_colors(img, 320, 620, 950, 890), 10u) << "Reassembly panel";
  EXPECT_EQ(server.violations(), 0u);

  // The trace export of the recorded telemetry: both fake workers and their slices.
  std::string json = slurp(trace);
  EXPECT_EQ(json.rfind("{\"displayTimeUnit\":\"ms\",\"traceEvents\":[", 0), 0u);
  EXPECT_NE(json.find("\"name\":\"worker 1\""), std::string::npos);
  EXPECT_NE(json.find("\"ph\":\"X\""), std::string::npos);
  EXPECT_NE(json.find("\"name\":\"sessions\",\"ph\":\"C\""), std::string::npos);
  fs::remove(png);
  fs::remove(dump_path);
  fs::remove(trace);
}

TEST(ClientHeadless, WrongPasswordFailsWithOneLine) {
  FakeGameServer server;
  fs::path png = temp_path("pw.png"), dump = temp_path("pw.json");
  RunResult first = run(IOCPLAB_CLIENT_BIN, headless_args(server.port(), png, dump, 0, 5, "owner", "right"), 60000);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  RunResult second = run(IOCPLAB_CLIENT_BIN, headless_args(server.port(), png, dump, 0, 5, "owner", "wrong"), 60000);
  EXPECT_NE(second.exit_code, 0);
  EXPECT_NE(second.err.find("Wrong password"), std::string::npos) << second.err;
  EXPECT_EQ(std::count(second.err.begin(), second.err.end(), '\n'), 1) << second.err;
  fs::remove(png);
  fs::remove(dump);
}

TEST(ClientHeadless, WithoutTheKoreanFontFallsBackCleanly) {
  FakeGameServer server;
  fs::path png = temp_path("font.png"), dump = temp_path("font.json");
  auto args = headless_args(server.port(), png, dump, 0, 5, "김학생", "pw");
  args.insert(args.end(), {"--font", "/nonexistent/NoSuchFont.ttf"});
  RunResult r = run(IOCPLAB_CLIENT_BIN, args, 60000);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("font: Dear ImGui default"), std::string::npos) << r.out;
  EXPECT_GT(load_png(png).w, 0);
  RunResult nanum = run(IOCPLAB_CLIENT_BIN, headless_args(server.port(), png, dump, 0, 5, "이학생", "pw"), 60000);
  EXPECT_EQ(nanum.exit_code, 0) << nanum.err;
  if (fs::exists("/usr/share/fonts/truetype/nanum/NanumGothic.ttf")) {
    EXPECT_NE(nanum.out.find("font: /usr/share/fonts/truetype/nanum/NanumGothic.ttf"), std::string::npos) << nanum.out;
  }
  fs::remove(png);
  fs::remove(dump);
}

TEST(ClientHeadless, RefusedConnectionFailsWithOneLine) {
  uint16_t port;
  { FakeGameServer gone; port = gone.port(); }  // a port nobody listens on now
  fs::path png = temp_path("refused.png");
  RunResult r = run(IOCPLAB_CLIENT_BIN,
                    {"--headless", "--connect", "127.0.0.1:" + std::to_string(port), "--frames", "5", "--screenshot",
                     png.string()},
                    60000);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("refused"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_FALSE(fs::exists(png));
}

TEST(ClientHeadless, BadFlagsExitTwo) {
  RunResult r = run(IOCPLAB_CLIENT_BIN, {"--headless", "--bots", "many"}, 20000);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--bots"), std::string::npos) << r.err;
  RunResult r2 = run(IOCPLAB_CLIENT_BIN, {"--headless", "--frames", "10", "--screenshot", "x.png"}, 20000);
  EXPECT_EQ(r2.exit_code, 2);
  EXPECT_NE(r2.err.find("--connect"), std::string::npos) << r2.err;
}

// Against the product's server, when it is built next to the client.
TEST(ClientHeadless, ScenarioAgainstRealServer) {
  fs::path server_bin = fs::path(IOCPLAB_BIN_DIR) / "iocplab-server";
  if (!fs::exists(server_bin)) GTEST_SKIP() << "iocplab-server is not built";
  ServerChild server(server_bin, {"--workers", "2"});
  ASSERT_NE(server.port(), 0) << "server did not print its port: " << server.first_line();
  const int port = server.port();

  fs::path png = temp_path("real.png"), dump_path = temp_path("real.json");
  RunResult r = run(IOCPLAB_CLIENT_BIN, headless_args(uint16_t(port), png, dump_path, 10, 90, "e2e-real", "pw"), 120000);
  Dump d = parse_dump(slurp(dump_path));

  // The server's saved positions (each account logs out right after the screenshot, with
  // nothing moving) must be where the client drew everyone: log in as each of them.
  // A logout the server has not finished yet answers "already logged in": ask again.
  std::map<std::string, std::pair<int, int>> client_side, server_side;
  for (const DumpPlayer& p : d.players) {
    std::string name = p.self ? "e2e-real" : p.name;
    client_side[name] = {p.x, p.y};
    LoginAnswer a;
    for (int attempt = 0; attempt < 50; ++attempt) {
      a = login_once(uint16_t(port), name, p.self ? "pw" : "bot");
      if (a.fail_reason != 2) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));  // bounded retry, no event to wait on
    }
    server_side[name] = {a.x, a.y};
  }

  ASSERT_EQ(r.exit_code, 0) << r.err;
  Image img = load_png(png);
  ASSERT_EQ(img.w, 1600);
  ASSERT_NE(d.self_id, 0u);
  EXPECT_EQ(client_side, server_side);
  EXPECT_EQ(d.bots_logged_in, 10);
  EXPECT_EQ(d.server_players_online, 11) << "telemetry: the player and its 10 bots";
  for (const DumpPlayer& p : d.players) {  // the server only tells us about players in view
    EXPECT_LE(std::abs(p.x - d.self_x), d.view) << p.name;
    EXPECT_LE(std::abs(p.y - d.self_y), d.view) << p.name;
  }
  EXPECT_GT(d.packets["moves_sent"], 0);
  EXPECT_EQ(d.packets["moves_sent"], d.packets["move_echoes"]);
  int others = 0;
  expect_discs_at_cells(img, d, &others);
  EXPECT_GE(others, 3) << "the bots gather around the player";
  EXPECT_GT(distinct_colors(img, 960, 30, 1590, 480), 20u) << "Packets panel";
  EXPECT_GT(distinct_colors(img, 960, 520, 1590, 890), 20u) << "Threads panel";
  fs::remove(png);
  fs::remove(dump_path);
}

// Step mode (iocplab-server --step): the headless client pauses the server and lets
// exactly N completions through, one per Step, each answered by one SC_STEP_DONE; then Run
// and the scripted play goes on at normal speed (every move echoed).
TEST(ClientHeadless, StepsExactlyNCompletionsThenRunResumes) {
  fs::path server_bin = fs::path(IOCPLAB_BIN_DIR) / "iocplab-server";
  if (!fs::exists(server_bin)) GTEST_SKIP() << "iocplab-server is not built";
  ServerChild server(server_bin, {"--workers", "2", "--step"});
  ASSERT_NE(server.port(), 0) << server.first_line();
  fs::path png = temp_path("step.png"), dump_path = temp_path("step.json");
  auto args = headless_args(server.port(), png, dump_path, 4, 60, "stepper", "pw");
  args.insert(args.end(), {"--step", "7"});
  RunResult r = run(IOCPLAB_CLIENT_BIN, args, 120000);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Dump d = parse_dump(slurp(dump_path));
  EXPECT_EQ(d.step_available, 1);
  EXPECT_EQ(d.steps_sent, 7);
  EXPECT_EQ(d.step_done_seen, 7) << "one completion handled per step, no more";
  EXPECT_EQ(d.step_server_handled, 7);
  EXPECT_EQ(d.step_paused, 0) << "Run was sent";
  EXPECT_GT(d.packets["moves_sent"], 0);
  EXPECT_EQ(d.packets["moves_sent"], d.packets["move_echoes"]) << "after Run every move came back";
  fs::remove(png);
  fs::remove(dump_path);
}

// A controller that leaves while the server is paused lets it go: the next client plays.
TEST(ClientHeadless, AControllerLeavingWhilePausedReleasesTheServer) {
  fs::path server_bin = fs::path(IOCPLAB_BIN_DIR) / "iocplab-server";
  if (!fs::exists(server_bin)) GTEST_SKIP() << "iocplab-server is not built";
  ServerChild server(server_bin, {"--workers", "2", "--step"});
  ASSERT_NE(server.port(), 0) << server.first_line();
  fs::path png = temp_path("paused.png"), dump_path = temp_path("paused.json");
  auto args = headless_args(server.port(), png, dump_path, 3, 30, "holder", "pw");
  args.insert(args.end(), {"--step", "2", "--exit-paused"});
  RunResult held = run(IOCPLAB_CLIENT_BIN, args, 120000);
  ASSERT_EQ(held.exit_code, 0) << held.err;
  Dump d = parse_dump(slurp(dump_path));
  EXPECT_EQ(d.step_paused, 1) << "it left while the server was paused";
  EXPECT_EQ(d.step_done_seen, 2);
  LoginAnswer a = login_once(server.port(), "after-the-pause", "pw");
  EXPECT_TRUE(a.ok) << "the server runs again once its controller is gone (reason " << a.fail_reason << ")";
  fs::remove(png);
  fs::remove(dump_path);
}

// The flow view (--flow): the client follows its own session; the server's flow records come
// back and form journeys (recv -> cut -> handler ...), drawn in the Flow window.
TEST(ClientHeadless, FlowViewFollowsOwnSessionThroughTheServer) {
  fs::path server_bin = fs::path(IOCPLAB_BIN_DIR) / "iocplab-server";
  if (!fs::exists(server_bin)) GTEST_SKIP() << "iocplab-server is not built";
  ServerChild server(server_bin, {"--workers", "2"});
  ASSERT_NE(server.port(), 0) << server.first_line();
  fs::path png = temp_path("flow.png"), dump_path = temp_path("flow.json");
  auto args = headless_args(server.port(), png, dump_path, 6, 90, "flow-watcher", "pw");
  args.push_back("--flow");
  RunResult r = run(IOCPLAB_CLIENT_BIN, args, 120000);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Dump d = parse_dump(slurp(dump_path));
  EXPECT_EQ(uint32_t(d.flow_session), d.self_id) << "it follows its own session";
  EXPECT_GT(d.flow_records, 0);
  EXPECT_GT(d.flow_journeys, 3) << "one per recv of its moves and chat";
  EXPECT_GT(d.flow_whole, 0) << "plain moves arrive as whole frames";
  EXPECT_GE(d.flow_handled, d.packets["moves_sent"] / 2) << "handler runs recorded for its frames";
  Image img = load_png(png);
  EXPECT_GT(distinct_colors(img, 330, 470, 1590, 590), 20u) << "the Flow window's stations";
  fs::remove(png);
  fs::remove(dump_path);
}
