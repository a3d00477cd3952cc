// The real iocplab-client binary in --headless mode: against the fake server (known
// world), the failure paths (one line, non-zero), and against iocplab-server when built.
// Checks the screenshot (players' discs at the cells the state dump names, panels drawn)
// and that the client's state matches the server's.
#include <gtest/gtest.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "fake_game_server.h"
#include "protocol/packet_assembler.h"
#include "protocol/protocol.h"
#include "model/grid_geometry.h"
#include "stb_image.h"

extern char** environ;
namespace fs = std::filesystem;
using iocplab::client::GridGeometry;
using iocplab::client::kOtherColor;
using iocplab::client::kSelfColor;
using iocplab::client::Rgb;
using iocplab::client::testing::FakeGameServer;

namespace {

struct RunResult { int exit_code = -1; std::string out, err; bool timed_out = false; };

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

fs::path temp_path(const std::string& name) {
  return fs::temp_directory_path() / ("iocplab-client-test-" + std::to_string(getpid()) + "-" + name);
}

// Runs a program, waiting on a pidfd (no polling loop) for at most timeout_ms.
RunResult run(const std::string& program, const std::vector<std::string>& args, int timeout_ms) {
  fs::path out = temp_path("stdout"), err = temp_path("stderr");
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<char*> argv{const_cast<char*>(program.c_str())};
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = -1;
  RunResult r;
  int rc = posix_spawn(&pid, program.c_str(), &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) { r.err = "spawn failed"; return r; }
  int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  pollfd p{pidfd, POLLIN, 0};
  if (pidfd < 0 || poll(&p, 1, timeout_ms) != 1) {
    r.timed_out = true;
    kill(pid, SIGKILL);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (pidfd >= 0) close(pidfd);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  fs::remove(out);
  fs::remove(err);
  return r;
}

struct DumpPlayer { uint32_t id; int x, y; bool self; std::string name; };
struct Dump {
  uint32_t self_id = 0;
  int self_x = -1, self_y = -1, view = 0;
  GridGeometry grid;
  std::map<std::string, double> packets;
  int telemetry_intervals = 0, bots_logged_in = 0, server_players_online = -1;
  std::vector<DumpPlayer> players;
};

double number_after(const std::string& json, const std::string& key) {
  std::smatch m;
  std::regex re("\"" + key + "\": (-?[0-9.]+)");
  if (!std::regex_search(json, m, re)) return NAN;
  return std::stod(m[1]);
}

Dump parse_dump(const std::string& json) {
  Dump d;
  std::smatch m;
  if (std::regex_search(json, m, std::regex(R"("self": \{"id": (\d+), "x": (-?\d+), "y": (-?\d+)\})"))) {
    d.self_id = std::stoul(m[1]);
    d.self_x = std::stoi(m[2]);
    d.self_y = std::stoi(m[3]);
  }
  d.view = int(number_after(json, "view"));
  d.grid.canvas_x = float(number_after(json, "canvas_x"));
  d.grid.canvas_y = float(number_after(json, "canvas_y"));
  d.grid.canvas_w = float(number_after(json, "canvas_w"));
  d.grid.canvas_h = float(number_after(json, "canvas_h"));
  d.grid.cell_px = float(number_after(json, "cell_px"));
  d.grid.cam_x = float(number_after(json, "cam_x"));
  d.grid.cam_y = float(number_after(json, "cam_y"));
  for (const char* k : {"sent", "received", "moves_sent", "move_echoes"}) d.packets[k] = number_after(json, k);
  d.telemetry_intervals = int(number_after(json, "intervals"));
  d.bots_logged_in = int(number_after(json, "logged_in"));
  d.server_players_online = int(number_after(json, "server_players_online"));
  std::regex player(R"re(\{"id": (\d+), "x": (\d+), "y": (\d+), "self": (true|false), "name": "([^"]*)"\})re");
  for (auto it = std::sregex_iterator(json.begin(), json.end(), player); it != std::sregex_iterator(); ++it) {
    const std::smatch& p = *it;
    d.players.push_back({uint32_t(std::stoul(p[1])), std::stoi(p[2]), std::stoi(p[3]), p[4] == "true", p[5]});
  }
  return d;
}

struct Image {
  int w = 0, h = 0;
  std::vector<unsigned char> rgb;
  Rgb at(int x, int y) const {
    size_t i = (size_t(y) * w + x) * 3;
    return {rgb[i], rgb[i + 1], rgb[i + 2]};
  }
};

Image load_png(const fs::path& p) {
  Image img;
  int n = 0;
  unsigned char* data = stbi_load(p.c_str(), &img.w, &img.h, &n, 3);
  if (data) {
    img.rgb.assign(data, data + size_t(img.w) * img.h * 3);
    stbi_image_free(data);
  }
  return img;
}

bool same(Rgb a, Rgb b) { return std::abs(a.r - b.r) <= 3 && std::abs(a.g - b.g) <= 3 && std::abs(a.b - b.b) <= 3; }

size_t distinct_colors(const Image& img, int x0, int y0, int x1, int y1) {
  std::set<uint32_t> colors;
  for (int y = y0; y < y1; y += 2)
    for (int x = x0; x < x1; x += 2) {
      Rgb c = img.at(x, y);
      colors.insert(uint32_t(c.r) << 16 | c.g << 8 | c.b);
    }
  return colors.size();
}

std::vector<std::string> headless_args(uint16_t port, const fs::path& png, const fs::path& dump, int bots, int frames,
                                       const std::string& name, const std::string& password) {
  return {"--headless", "--connect", "127.0.0.1:" + std::to_string(port), "--bots", std::to_string(bots),
          "--frames", std::to_string(frames), "--screenshot", png.string(), "--dump-state", dump.string(),
          "--name", name, "--password", password};
}

// Every player in the dump is drawn with its color at the center of its tile.
void expect_discs_at_cells(const Image& img, const Dump& d, int* others_seen) {
  *others_seen = 0;
  for (const DumpPlayer& p : d.players) {
    float sx, sy;
    d.grid.tile_center(float(p.x), float(p.y), &sx, &sy);
    int px = int(std::lround(sx)), py = int(std::lround(sy));
    bool inside = sx > d.grid.canvas_x + d.grid.cell_px && sx < d.grid.canvas_x + d.grid.canvas_w - d.grid.cell_px &&
                  sy > d.grid.canvas_y + d.grid.cell_px && sy < d.grid.canvas_y + d.grid.canvas_h - d.grid.cell_px;
    if (!inside) continue;
    Rgb c = img.at(px, py);
    if (p.self) {
      EXPECT_TRUE(same(c, kSelfColor)) << "self disc missing at (" << px << "," << py << ")";
    } else {
      bool on_self_tile = p.x == d.self_x && p.y == d.self_y;
      EXPECT_TRUE(same(c, kOtherColor) || (on_self_tile && same(c, kSelfColor)))
          << p.name << " at tile (" << p.x << "," << p.y << ") not drawn at pixel (" << px << "," << py
          << "): got " << int(c.r) << "," << int(c.g) << "," << int(c.b);
      (*others_seen)++;
    }
  }
}


// Logs in as name/password on the server and returns SC_LOGIN_OK's position (a returning
// account gets its saved one), or the SC_LOGIN_FAIL reason; then logs out.
struct LoginAnswer { bool ok = false; int x = -1, y = -1, fail_reason = 0; };
LoginAnswer login_once(uint16_t port, const std::string& name, const std::string& password) {
  LoginAnswer a;
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) { close(fd); return a; }
  auto login = iocplab::proto::to_bytes(iocplab::proto::make_login(name, password));
  send(fd, login.data(), login.size(), MSG_NOSIGNAL);
  iocplab::proto::PacketAssembler asmb;
  bool answered = false;
  for (int i = 0; i < 100 && !answered; ++i) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 5000) != 1) break;
    uint8_t buf[2048];
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    asmb.feed(std::span<const uint8_t>(buf, size_t(n)), [&](std::span<const uint8_t> f) {
      iocplab::proto::ScLoginOk ok;
      iocplab::proto::ScLoginFail fail;
      if (!answered && iocplab::proto::decode(f, ok) == iocplab::proto::DecodeError::None) {
        a.ok = true; a.x = ok.x; a.y = ok.y; answered = true;
      } else if (!answered && iocplab::proto::decode(f, fail) == iocplab::proto::DecodeError::None) {
        a.fail_reason = fail.reason; answered = true;
      }
    });
  }
  auto logout = iocplab::proto::to_bytes(iocplab::proto::CsLogout{});
  send(fd, logout.data(), logout.size(), MSG_NOSIGNAL);
  close(fd);
  return a;
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
  // Start the server on port 0 and read its "listening on <port>" line from a pipe.
  int pipefd[2];
  ASSERT_EQ(pipe(pipefd), 0);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
  posix_spawn_file_actions_addclose(&fa, pipefd[0]);
  std::string bin = server_bin.string();
  std::vector<std::string> args{bin, "--port", "0", "--db", ":memory:", "--workers", "2"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  ASSERT_EQ(posix_spawn(&pid, bin.c_str(), &fa, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&fa);
  close(pipefd[1]);
  std::string line;
  for (char c; line.find('\n') == std::string::npos && line.size() < 200;) {
    pollfd p{pipefd[0], POLLIN, 0};
    if (poll(&p, 1, 10000) != 1 || read(pipefd[0], &c, 1) != 1) break;
    line += c;
  }
  int port = 0;
  std::sscanf(line.c_str(), "listening on %d", &port);
  if (port == 0) { kill(pid, SIGKILL); waitpid(pid, nullptr, 0); FAIL() << "server did not print its port: " << line; }

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
  kill(pid, SIGINT);
  int status = 0;
  waitpid(pid, &status, 0);
  close(pipefd[0]);

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
