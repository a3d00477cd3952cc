// app_state.h — everything the panels read and change: the connection, the bots, the
// data models and the UI's own settings. Lives on the UI thread; pump() moves what the
// network threads produced into the models once per frame, without blocking.
#pragma once

#include <cstdint>
#include <deque>
#include <string>

#include "app/options.h"
#include "model/grid_geometry.h"
#include "model/packet_log.h"
#include "model/reassembly_record.h"
#include "model/step_view.h"
#include "model/flow_model.h"
#include "model/telemetry_timeline.h"
#include "model/world_state.h"
#include "net/bot_swarm.h"
#include "net/connection.h"

namespace iocplab::client {

enum class LinkState { Idle, Connecting, LoggingIn, InGame, Failed };

struct AppState {
  Options options;
  Connection connection;
  BotSwarm bots;

  WorldState world;
  PacketLog packets;
  TelemetryTimeline telemetry;
  ReassemblyRecord reassembly;
  StepView step;  // the server's step mode (--step), when it has one
  FlowModel flow;  // the followed session's path through the server (SC_TELEMETRY_FLOW)
  bool show_flow = false, flow_korean = false;
  std::deque<size_t> send_pieces;  // sizes of our latest send() calls (Reassembly view)

  // Login form (the text fields ImGui edits).
  char host[64] = "127.0.0.1";
  int port = 9000;
  char name[64] = "";
  char password[64] = "";
  bool observe = true;

  LinkState link = LinkState::Idle;
  std::string status;       // one line under the login form
  bool status_is_error = false;
  uint32_t move_seq = 0;
  uint64_t moves_sent = 0;
  double last_world_frame_s = 0;  // last frame that changed the world (not telemetry)

  // Panel settings.
  PacketFilter packet_filter;
  bool packets_paused = false;
  uint64_t packets_paused_at = 0;  // last record number shown while paused
  uint64_t selected_packet = 0;
  bool packets_follow = true;
  float zoom = 26.0f;             // cell size in pixels
  float pan_x = 0, pan_y = 0;     // tiles, relative to the player
  GridGeometry grid;              // where the grid was drawn in the last frame
  char chat_input[256] = "";
  int bots_wanted = 0;
  bool show_lessons = false;
  bool show_demo = false;
  bool relayout = false;          // place every panel at the default layout next frame
  std::string notice;             // short message from a menu action (trace export...)
  std::string bot_prefix;

  void init_from(const Options& o);
  void connect();
  void disconnect();
  bool pump();  // network events into the models; call once per frame. True: something came
  void send(Frame frame);
  void move(uint8_t dir);
  void chat(const std::string& text);
  void set_observe(bool on);
  void step_control(uint8_t mode, uint16_t count = 0);  // CS_STEP: 0 run, 1 pause, 2 step count
  void follow(uint32_t id);  // CS_FLOW: follow this player's session (0: our own)
  void set_bots(int n);
  bool in_game() const { return link == LinkState::InGame; }
};

}  // namespace iocplab::client
