#include "state_dump.h"

#include <cstdio>

namespace iocplab::client {

std::string json_escape(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') { out += '\\'; out += static_cast<char>(c); }
    else if (c < 0x20) { char b[8]; std::snprintf(b, sizeof b, "\\u%04x", c); out += b; }
    else out += static_cast<char>(c);
  }
  return out;
}

std::string state_json(const WorldState& w, const PacketLog& log, const GridGeometry& g, const DumpExtras& e) {
  char buf[512];
  std::string out = "{\n";
  std::snprintf(buf, sizeof buf, "\"window\": {\"w\": %d, \"h\": %d},\n", e.window_w, e.window_h);
  out += buf;
  const PlayerView* me = w.self();
  std::snprintf(buf, sizeof buf, "\"self\": {\"id\": %u, \"x\": %d, \"y\": %d},\n", w.self_id(),
                me ? me->x : -1, me ? me->y : -1);
  out += buf;
  std::snprintf(buf, sizeof buf, "\"world\": {\"w\": %u, \"h\": %u, \"view\": %u},\n", w.world_w(),
                w.world_h(), w.view());
  out += buf;
  std::snprintf(buf, sizeof buf,
                "\"grid\": {\"canvas_x\": %.2f, \"canvas_y\": %.2f, \"canvas_w\": %.2f, \"canvas_h\": %.2f, "
                "\"cell_px\": %.2f, \"cam_x\": %.3f, \"cam_y\": %.3f},\n",
                g.canvas_x, g.canvas_y, g.canvas_w, g.canvas_h, g.cell_px, g.cam_x, g.cam_y);
  out += buf;
  std::snprintf(buf, sizeof buf,
                "\"packets\": {\"sent\": %llu, \"received\": %llu, \"sent_bytes\": %llu, \"received_bytes\": %llu, "
                "\"moves_sent\": %llu, \"move_echoes\": %u},\n",
                (unsigned long long)log.frames(Direction::Sent), (unsigned long long)log.frames(Direction::Received),
                (unsigned long long)log.bytes(Direction::Sent), (unsigned long long)log.bytes(Direction::Received),
                (unsigned long long)log.frames_of_type(Direction::Sent, CS_MOVE), w.moves_echoed());
  out += buf;
  std::snprintf(buf, sizeof buf, "\"rtt_ms\": %d,\n", w.last_rtt_ms() ? int(*w.last_rtt_ms()) : -1);
  out += buf;
  std::snprintf(buf, sizeof buf,
                "\"bots\": {\"target\": %d, \"logged_in\": %d},\n\"telemetry\": {\"intervals\": %llu, "
                "\"recv_chunks\": %llu, \"server_players_online\": %lld, \"server_sessions\": %lld},\n",
                e.bots_target, e.bots_logged_in, (unsigned long long)e.telemetry_intervals,
                (unsigned long long)e.recv_chunks, (long long)e.server_players_online, (long long)e.server_sessions);
  out += buf;
  std::snprintf(buf, sizeof buf,
                "\"step\": {\"available\": %d, \"paused\": %d, \"steps_sent\": %d, \"done_seen\": %llu, "
                "\"server_handled\": %llu},\n",
                e.step_available, e.step_paused, e.steps_sent, (unsigned long long)e.step_done_seen,
                (unsigned long long)e.step_server_handled);
  out += buf;
  std::snprintf(buf, sizeof buf,
                "\"flow\": {\"session\": %llu, \"records\": %llu, \"journeys\": %llu, \"whole\": %llu, "
                "\"handled\": %llu},\n",
                (unsigned long long)e.flow_session, (unsigned long long)e.flow_records,
                (unsigned long long)e.flow_journeys, (unsigned long long)e.flow_whole,
                (unsigned long long)e.flow_handled);
  out += buf;
  out += "\"players\": [\n";
  bool first = true;
  for (const auto& [id, p] : w.players()) {
    std::snprintf(buf, sizeof buf, "%s  {\"id\": %u, \"x\": %u, \"y\": %u, \"self\": %s, \"name\": \"", first ? "" : ",\n",
                  id, p.x, p.y, id == w.self_id() ? "true" : "false");
    out += buf;
    out += json_escape(p.name) + "\"}";
    first = false;
  }
  out += "\n]\n}\n";
  return out;
}

}  // namespace iocplab::client
