#include "app_state.h"

#include <cstring>

#include "app/process_id.h"
#include "model/clock.h"

namespace iocplab::client {

constexpr size_t kPiecesKept = 64;

static void copy_text(char* dst, size_t cap, const std::string& s) {
  std::strncpy(dst, s.c_str(), cap - 1);
  dst[cap - 1] = 0;
}

void AppState::init_from(const Options& o) {
  options = o;
  copy_text(host, sizeof host, o.host);
  port = o.port;
  copy_text(name, sizeof name, o.name);
  copy_text(password, sizeof password, o.password);
  observe = !o.no_observe;
  bots_wanted = o.bots;
  bot_prefix = "bot" + std::to_string(process_id() % 100000) + "-";
}

void AppState::connect() {
  disconnect();
  world.reset();
  world.self_name = name;
  telemetry = TelemetryTimeline();
  reassembly.clear();
  send_pieces.clear();
  link = LinkState::Connecting;
  status = "connecting to " + std::string(host) + ":" + std::to_string(port) + " ...";
  status_is_error = false;
  connection.start(host, static_cast<uint16_t>(port));
  if (bots_wanted > 0) set_bots(bots_wanted);
}

void AppState::disconnect() {
  if (connection.running()) {
    if (link == LinkState::InGame) connection.send(make_logout());
    connection.stop();
    pump();  // take the Closed event and the last frames
  }
  bots.stop();
  link = LinkState::Idle;
}

void AppState::send(Frame frame) {
  if (!connection.running()) return;
  connection.send(std::move(frame));
}

void AppState::move(uint8_t dir) {
  if (!in_game()) return;
  send(make_move(dir, ++move_seq, now_ms()));
  moves_sent++;
}

void AppState::chat(const std::string& text) {
  if (!in_game() || text.empty()) return;
  send(make_chat(text));
}

void AppState::set_observe(bool on) {
  observe = on;
  if (in_game()) send(make_observe(on));
}

void AppState::step_control(uint8_t mode, uint16_t count) {
  if (in_game() && step.available()) send(make_step(mode, count));
}

void AppState::follow(uint32_t id) {
  if (!in_game() || !observe) return;
  flow.clear();
  send(make_flow(id));
}

void AppState::set_bots(int n) {
  bots_wanted = n;
  if (n > 0 && !bots.running() && link != LinkState::Idle) {
    bots.start(host, static_cast<uint16_t>(port), bot_prefix);
  }
  bots.set_target(n);
}

bool AppState::pump() {
  if (const PlayerView* me = world.self()) bots.set_home(me->x, me->y, world.view() > 2 ? world.view() - 2 : 1);
  bool changed = false;
  for (NetEvent& e : connection.drain()) {
    changed = true;
    switch (e.kind) {
      case NetEvent::Connected:
        link = LinkState::LoggingIn;
        status = "connected to " + e.text + ", logging in as " + name + " ...";
        send(make_login(name, password));
        break;
      case NetEvent::ConnectFailed:
        link = LinkState::Failed;
        status = e.text;
        status_is_error = true;
        break;
      case NetEvent::Closed:
        if (link != LinkState::Failed) {
          status = link == LinkState::InGame ? "disconnected: " + e.text : e.text;
          status_is_error = e.text != "closed by the client";
        }
        link = link == LinkState::Failed ? LinkState::Failed : LinkState::Idle;
        step = StepView{};  // a new connection learns the step mode afresh
        break;
      case NetEvent::FrameOut:
        packets.add(e.time_s, Direction::Sent, e.frame);
        break;
      case NetEvent::PieceOut:
        send_pieces.push_back(e.piece);
        if (send_pieces.size() > kPiecesKept) send_pieces.pop_front();
        break;
      case NetEvent::FrameIn: {
        packets.add(e.time_s, Direction::Received, e.frame);
        uint8_t type = frame_type(e.frame);
        if (type == SC_TELEMETRY_TOTALS) {
          if (auto t = parse_totals(e.frame)) telemetry.add(*t);
        } else if (type == SC_TELEMETRY_THREADS) {
          if (auto t = parse_threads(e.frame)) telemetry.add(*t);
        } else if (type == SC_TELEMETRY_RECV) {
          if (auto r = parse_recv(e.frame)) reassembly.add(*r);
        } else if (type == SC_STEP_WAITING || type == SC_STEP_DONE || type == SC_STEP_STATE) {
          step.apply(e.frame);
        } else if (type == SC_TELEMETRY_FLOW) {
          if (auto f = parse_flow(e.frame)) flow.add(*f);
        } else {
          last_world_frame_s = e.time_s;
          world.apply(e.frame, e.time_s, static_cast<uint32_t>(e.time_s * 1000.0));
        }
        if (type == SC_LOGIN_OK && world.logged_in()) {
          link = LinkState::InGame;
          status = "in game as " + std::string(name) + " (id " + std::to_string(world.self_id()) + ")";
          status_is_error = false;
          if (observe) send(make_observe(true));
          if (observe && show_flow) send(make_flow(0));
        } else if (type == SC_LOGIN_FAIL && world.login_fail()) {
          link = LinkState::Failed;
          status = std::string("login refused: ") + login_fail_text(*world.login_fail());
          status_is_error = true;
        }
        break;
      }
    }
  }
  return changed;
}

}  // namespace iocplab::client
