// step_view.h — what the client knows of the server's step mode (--step; docs/STEP.md):
// whether it is available, paused, which completions wait before handling, and what the
// ones let through did. Fed by SC_STEP_STATE / SC_STEP_WAITING / SC_STEP_DONE.
#pragma once

#include <cstdint>
#include <deque>
#include <span>

#include "protocol/step_frames.h"

namespace iocplab::client {

class StepView {
 public:
  static constexpr size_t kDoneKept = 12;

  // True when the frame was a step-mode frame (and was applied).
  bool apply(std::span<const uint8_t> frame);

  bool available() const { return available_; }  // the server runs with --step
  bool paused() const { return paused_; }
  uint32_t handled() const { return handled_; }   // the server's count of stepped completions
  uint64_t done_seen() const { return done_seen_; }  // SC_STEP_DONE frames received
  const std::deque<proto::ScStepWaiting>& waiting() const { return waiting_; }  // oldest first
  const std::deque<proto::ScStepDone>& done() const { return done_; }           // newest last
  // The waiting completion that a DONE answered (by seq), if it was seen.
  const proto::ScStepWaiting* answered(uint32_t seq) const;

 private:
  bool available_ = false, paused_ = false;
  uint32_t handled_ = 0;
  uint64_t done_seen_ = 0;
  std::deque<proto::ScStepWaiting> waiting_;
  std::deque<proto::ScStepWaiting> released_;  // the waiting records of done_ (same order)
  std::deque<proto::ScStepDone> done_;
};

const char* step_op_name(uint8_t op);  // "accept", "recv", "send", "posted", "other"

}  // namespace iocplab::client
