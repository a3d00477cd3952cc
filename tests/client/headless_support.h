// headless_support.h — what the headless tests need around the client binary: run a
// program with a timeout, read its state dump, check its screenshot, and log in to a
// server once to read back a saved position.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "model/grid_geometry.h"

namespace iocplab::client::testing {

// --- processes (process_runner.cpp) ---
struct RunResult { int exit_code = -1; std::string out, err; bool timed_out = false; };
// Runs a program, waiting on a pidfd (no polling loop) for at most timeout_ms.
RunResult run(const std::string& program, const std::vector<std::string>& args, int timeout_ms);
std::string slurp(const std::filesystem::path& p);
std::filesystem::path temp_path(const std::string& name);  // unique per test process

// iocplab-server started on a free port (--port 0 --db :memory: plus `extra`); port 0 when it
// did not start. The destructor stops it with SIGINT and waits for it.
class ServerChild {
 public:
  ServerChild(const std::filesystem::path& bin, const std::vector<std::string>& extra);
  ~ServerChild();
  ServerChild(const ServerChild&) = delete;
  ServerChild& operator=(const ServerChild&) = delete;
  uint16_t port() const { return port_; }
  const std::string& first_line() const { return line_; }

 private:
  int pid_ = -1, out_fd_ = -1;
  uint16_t port_ = 0;
  std::string line_;
};

// --- the --dump-state JSON (state_dump_reader.cpp) ---
struct DumpPlayer { uint32_t id; int x, y; bool self; std::string name; };
struct Dump {
  uint32_t self_id = 0;
  int self_x = -1, self_y = -1, view = 0;
  GridGeometry grid;
  std::map<std::string, double> packets;
  int telemetry_intervals = 0, bots_logged_in = 0, server_players_online = -1;
  int step_available = 0, step_paused = 0, steps_sent = 0, step_done_seen = 0, step_server_handled = 0;
  double flow_session = 0, flow_records = 0, flow_journeys = 0, flow_whole = 0, flow_handled = 0;
  std::vector<DumpPlayer> players;
};
Dump parse_dump(const std::string& json);

// --- the screenshot (screenshot_checks.cpp) ---
struct Image {
  int w = 0, h = 0;
  std::vector<unsigned char> rgb;
  Rgb at(int x, int y) const {
    size_t i = (size_t(y) * w + x) * 3;
    return {rgb[i], rgb[i + 1], rgb[i + 2]};
  }
};
Image load_png(const std::filesystem::path& p);
bool same(Rgb a, Rgb b);  // within 3 per channel
size_t distinct_colors(const Image& img, int x0, int y0, int x1, int y1);
// Every player of the dump has its disc color at the pixel of its tile's center
// (gtest expectations); *others_seen counts the other players checked.
void expect_discs_at_cells(const Image& img, const Dump& d, int* others_seen);

// --- a one-shot login (login_probe.cpp) ---
// Logs in as name/password and returns SC_LOGIN_OK's position (a returning account gets
// its saved one), or the SC_LOGIN_FAIL reason; then logs out.
struct LoginAnswer { bool ok = false; int x = -1, y = -1, fail_reason = 0; };
LoginAnswer login_once(uint16_t port, const std::string& name, const std::string& password);

}  // namespace iocplab::client::testing
