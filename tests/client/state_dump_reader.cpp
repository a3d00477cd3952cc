#include <cmath>
#include <regex>

#include "headless_support.h"

namespace iocplab::client::testing {

static double number_after(const std::string& json, const std::string& key) {
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
  if (json.find("\"step\"") != std::string::npos) {
    d.step_available = int(number_after(json, "available"));
    d.step_paused = int(number_after(json, "paused"));
    d.steps_sent = int(number_after(json, "steps_sent"));
    d.step_done_seen = int(number_after(json, "done_seen"));
    d.step_server_handled = int(number_after(json, "server_handled"));
  }
  if (json.find("\"flow\"") != std::string::npos) {
    d.flow_session = number_after(json, "session");
    d.flow_records = number_after(json, "records");
    d.flow_journeys = number_after(json, "journeys");
    d.flow_whole = number_after(json, "whole");
    d.flow_handled = number_after(json, "handled");
  }
  std::regex player(R"re(\{"id": (\d+), "x": (\d+), "y": (\d+), "self": (true|false), "name": "([^"]*)"\})re");
  for (auto it = std::sregex_iterator(json.begin(), json.end(), player); it != std::sregex_iterator(); ++it) {
    const std::smatch& p = *it;
    d.players.push_back({uint32_t(std::stoul(p[1])), std::stoi(p[2]), std::stoi(p[3]), p[4] == "true", p[5]});
  }
  return d;
}

}  // namespace iocplab::client::testing
