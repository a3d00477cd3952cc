// game_impl.h — the parts of Game and the rules that tie them together. Handlers run with
// their session's lock held (see session.h), so each session is handled strictly in order
// even when its login answer arrives on another worker thread.
#pragma once

#include <atomic>
#include <span>

#include "account_store.h"
#include "game/game.h"
#include "login_watch.h"
#include "name_lock.h"
#include "observers.h"
#include "online_names.h"
#include "protocol/protocol.h"
#include "session_table.h"
#include "world.h"

namespace iocplab::net {
class StepGate;
struct StepState;
}
namespace iocplab::proto {
struct ScStepState;
}

namespace iocplab::game {

class Game::Impl {
 public:
  Impl(GameConfig cfg, net::SessionOutbox& out, net::TelemetrySource& telemetry);

  // Session locked. Dispatch by phase.
  void frame(Session& s, std::span<const uint8_t> frame);
  // login_handler.cpp
  void login_frame(Session& s, std::span<const uint8_t> frame);
  void finish_login(net::SessionId id, const LoginOutcome& outcome);  // worker thread (post)
  void login_answered(Session& s);  // ends the OnlineNames::login_pending of s, if any
  // play_handlers.cpp
  void play_frame(Session& s, std::span<const uint8_t> frame);
  // Session locked: leaves the world, saves the position, stops telemetry. Idempotent.
  void depart(Session& s);
  void close(Session& s, net::CloseReason why, std::string_view detail);
  void violation(Session& s, std::string_view detail) { close(s, net::CloseReason::Violation, detail); }
  void send_telemetry();
  // step_control.cpp: the teaching step mode (--step); gate is null without it.
  void wire_step_gate();
  void step_frame(Session& s, std::span<const uint8_t> frame);
  void announce_step_mode(Session& s);  // tells a new observer that stepping is available
  void step_controller_left(net::SessionId id);
  static proto::ScStepState step_state_frame(const net::StepState& st);
  net::StepGate* gate = nullptr;
  std::atomic<net::SessionId> step_controller{0};
  bool step_paused() const;
  // flow_follow.cpp: the flow view (CS_FLOW, SC_TELEMETRY_FLOW).
  void flow_frame(Session& s, std::span<const uint8_t> frame);
  void stop_following(Session& s);
  void send_flow(Session& s);  // s locked; from the telemetry tick

  const GameConfig cfg;
  net::SessionOutbox& out;
  net::TelemetrySource& telemetry;
  World world;
  AccountStore store;
  SessionTable sessions;
  OnlineNames online;
  LoginWatch watch;
  NameLock locks;  // --login-failures / --lockout
  Observers observers;
  std::atomic<uint32_t> players_online{0};
  std::atomic<bool> stopping{false};  // after shutdown(): login answers are dropped
  uint64_t ticks = 0;                 // the timer thread's only
};

}  // namespace iocplab::game
