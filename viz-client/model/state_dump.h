// state_dump.h — the client's state as JSON (--dump-state FILE), so tests can compare
// it with the server and locate players in the screenshot. One player per line.
#pragma once

#include <string>

#include "grid_geometry.h"
#include "packet_log.h"
#include "world_state.h"

namespace iocplab::client {

struct DumpExtras {
  int window_w = 0, window_h = 0;
  int bots_target = 0, bots_logged_in = 0;
  uint64_t telemetry_intervals = 0, recv_chunks = 0;
  int64_t server_players_online = -1, server_sessions = -1;  // from the latest telemetry, -1 when none
  int step_available = 0, step_paused = 0, steps_sent = 0;  // step mode (--step)
  uint64_t step_done_seen = 0, step_server_handled = 0;
  uint64_t flow_session = 0, flow_records = 0, flow_journeys = 0, flow_whole = 0, flow_handled = 0;
};

std::string state_json(const WorldState& world, const PacketLog& log, const GridGeometry& grid,
                       const DumpExtras& extras);
std::string json_escape(const std::string& s);

}  // namespace iocplab::client
