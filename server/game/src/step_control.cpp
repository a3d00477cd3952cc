// step_control.cpp — the teaching step mode seen from the game (docs/STEP.md): CS_STEP from
// the controlling client drives the network's StepGate, and the gate's events go back to
// that client as SC_STEP_WAITING / SC_STEP_DONE / SC_STEP_STATE. Without --step there is no
// gate and CS_STEP is a violation.
#include <string>

#include "protocol/step_frames.h"  // before frames.h: bytes_of() must see these encoders
#include "frames.h"
#include "game_impl.h"
#include "net/step_gate.h"

namespace iocplab::game {

namespace {
constexpr uint32_t kSlotBits = 20;  // SessionId = generation << 20 | slot (net/session_sink.h)
}

void Game::Impl::wire_step_gate() {
  gate = telemetry.step_gate();
  if (!gate) return;
  net::StepGate::Events ev;
  ev.waiting = [this](const net::StepWaiting& w) {
    proto::ScStepWaiting p{w.seq, w.worker, static_cast<uint8_t>(w.op), static_cast<uint8_t>(w.ok ? 1 : 0),
                           static_cast<uint32_t>(w.key), w.bytes, w.session};
    if (auto to = step_controller.load()) out.send(to, bytes_of(p));
  };
  ev.done = [this](const net::StepDone& d) {
    if (auto to = step_controller.load()) out.send(to, bytes_of(proto::ScStepDone{d.seq, d.frames_cut, d.frames_sent, d.closes}));
  };
  ev.state = [this](const net::StepState& st) {
    if (auto to = step_controller.load()) out.send(to, bytes_of(step_state_frame(st)));
  };
  gate->set_events(std::move(ev));
}

proto::ScStepState Game::Impl::step_state_frame(const net::StepState& st) {
  return proto::ScStepState{static_cast<uint8_t>(st.paused ? 1 : 0), st.waiting, st.handled};
}

void Game::Impl::announce_step_mode(Session& s) {
  if (gate) out.send(s.id, bytes_of(step_state_frame(gate->state())));
}

void Game::Impl::step_frame(Session& s, std::span<const uint8_t> f) {
  if (!gate) return violation(s, "CS_STEP: the server runs without --step");
  if (!s.observing) return violation(s, "CS_STEP before CS_OBSERVE(1)");
  proto::CsStep c;
  if (proto::decode(f, c) != proto::DecodeError::None) return violation(s, "CS_STEP: bad fields");
  // The sender controls the stepping from now on; its own completions are never held.
  step_controller.store(s.id);
  gate->set_controller(s.id, s.id & ((1u << kSlotBits) - 1));
  switch (static_cast<proto::StepMode>(c.mode)) {
    case proto::StepMode::Pause: gate->pause(); break;
    case proto::StepMode::Step: gate->step(c.count); break;
    case proto::StepMode::Run: gate->run(); break;
  }
}

void Game::Impl::step_controller_left(net::SessionId id) {
  if (!gate) return;
  net::SessionId expected = id;
  step_controller.compare_exchange_strong(expected, 0);
  gate->controller_gone(id);  // a controller that leaves lets everything run
}

}  // namespace iocplab::game
