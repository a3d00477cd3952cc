// step_frames.h — the frames of the teaching step mode (iocplab-server --step; docs/STEP.md).
// Only a server started with --step accepts CS_STEP; without it CS_STEP is a violation
// (a client-to-server type the server does not take). The server sends the SC_STEP_*
// frames only to the client that controls the stepping.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "protocol/protocol.h"

namespace iocplab::proto {

enum class StepMode : uint8_t { Run = 0, Pause = 1, Step = 2 };

struct CsStep {                // type 6, frame size 6
  uint8_t mode = 0;            // StepMode
  uint16_t count = 0;          // Step: how many held completions to let through (1..1000)
  friend bool operator==(const CsStep&, const CsStep&) = default;
};
struct ScStepWaiting {         // type 20, frame size 22: a completion held before handling
  uint32_t seq = 0;            // 1, 2, ... in the order the completions were dequeued
  uint8_t worker = 0;          // the worker thread that dequeued it
  uint8_t op = 0;              // 1 accept, 2 recv, 3 send, 4 posted, 5 other
  uint8_t ok = 1;              // what GetQueuedCompletionStatus returned (1 TRUE, 0 FALSE)
  uint32_t key = 0;            // the completion key (a session's slot; 0xFFFFFFFF: special)
  uint32_t bytes = 0;          // bytes transferred
  uint32_t session = 0;        // the session's public id, 0 when none
  friend bool operator==(const ScStepWaiting&, const ScStepWaiting&) = default;
};
struct ScStepDone {            // type 21, frame size 13: what handling one of them did
  uint32_t seq = 0;
  uint16_t frames_cut = 0;     // whole frames the recv completed (reassembly)
  uint16_t frames_sent = 0;    // frames the handler queued to send (all recipients)
  uint16_t closes = 0;         // sessions whose close it began
  friend bool operator==(const ScStepDone&, const ScStepDone&) = default;
};
struct ScStepState {           // type 22, frame size 10
  uint8_t paused = 0;
  uint16_t waiting = 0;        // completions held now
  uint32_t handled = 0;        // completions let through one by one so far
  friend bool operator==(const ScStepState&, const ScStepState&) = default;
};

constexpr size_t kStepSize = 6, kStepWaitingSize = 22, kStepDoneSize = 13, kStepStateSize = 10;
constexpr uint16_t kMaxStepCount = 1000;

void encode(std::vector<uint8_t>& out, const CsStep& p);
void encode(std::vector<uint8_t>& out, const ScStepWaiting& p);
void encode(std::vector<uint8_t>& out, const ScStepDone& p);
void encode(std::vector<uint8_t>& out, const ScStepState& p);
// CS_STEP: mode > 2, or Step with count 0 or over 1000, is FieldOutOfRange.
DecodeError decode(std::span<const uint8_t> frame, CsStep& out);
DecodeError decode(std::span<const uint8_t> frame, ScStepWaiting& out);
DecodeError decode(std::span<const uint8_t> frame, ScStepDone& out);
DecodeError decode(std::span<const uint8_t> frame, ScStepState& out);

}  // namespace iocplab::proto
