#include "step_gate.h"

#include <algorithm>
#include <utility>

namespace iocplab::net {

StepTally& StepTally::here() {
  thread_local StepTally tally;
  return tally;
}

void StepGate::set_events(Events e) {
  std::lock_guard g(lock_);
  events_ = std::move(e);
}

bool StepGate::admit(const Completion& c, const StepWaiting& what) {
  if (!enabled_) return true;
  StepWaiting shown = what;
  Events ev;
  {
    std::lock_guard g(lock_);
    if (!paused_ || c.key == controller_slot_) return true;
    shown.seq = next_seq_++;
    parked_.push_back({c, shown.seq});
    ev = events_;
  }
  if (ev.waiting) ev.waiting(shown);
  return false;
}

void StepGate::begin_released() { StepTally::here() = StepTally{}; }

void StepGate::end_released(uint32_t seq) {
  if (seq == 0) return;  // let go by Run: no one asked what it did
  StepTally t = StepTally::here();
  StepDone d{seq, t.frames_cut, t.frames_sent, t.closes};
  Events ev;
  {
    std::lock_guard g(lock_);
    ev = events_;
  }
  if (ev.done) ev.done(d);
}

void StepGate::set_controller(SessionId id, ULONG_PTR slot) {
  std::lock_guard g(lock_);
  controller_ = id;
  controller_slot_ = slot;
}

void StepGate::controller_gone(SessionId id) {
  std::deque<Parked> out;
  {
    std::lock_guard g(lock_);
    if (id != controller_) return;
    controller_ = 0;
    controller_slot_ = ~ULONG_PTR(0);
    paused_ = false;
    release_locked(parked_.size(), &out);
  }
  replay_all(out, false);
}

void StepGate::pause() {
  StepState st;
  Events ev;
  {
    std::lock_guard g(lock_);
    paused_ = true;
    st = state_locked();
    ev = events_;
  }
  if (ev.state) ev.state(st);
}

void StepGate::step(uint32_t count) {
  std::deque<Parked> out;
  StepState st;
  Events ev;
  {
    std::lock_guard g(lock_);
    if (!paused_) return;
    release_locked(count, &out);
    handled_ += static_cast<uint32_t>(out.size());
    st = state_locked();
    ev = events_;
  }
  replay_all(out, true);
  if (ev.state) ev.state(st);
}

void StepGate::run() {
  std::deque<Parked> out;
  StepState st;
  Events ev;
  {
    std::lock_guard g(lock_);
    paused_ = false;
    release_locked(parked_.size(), &out);
    st = state_locked();
    ev = events_;
  }
  replay_all(out, false);
  if (ev.state) ev.state(st);
}

StepState StepGate::state() const {
  std::lock_guard g(lock_);
  return state_locked();
}

void StepGate::release_locked(size_t n, std::deque<Parked>* out) {
  while (n-- > 0 && !parked_.empty()) {
    out->push_back(parked_.front());
    parked_.pop_front();
  }
}

void StepGate::replay_all(std::deque<Parked>& out, bool stepped) {
  for (Parked& p : out) replay_(p.c, stepped ? p.seq : 0);
}

StepState StepGate::state_locked() const {
  return StepState{paused_, static_cast<uint16_t>(std::min<size_t>(parked_.size(), 65535)), handled_};
}

}  // namespace iocplab::net
