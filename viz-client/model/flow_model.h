// flow_model.h — the flow view's data: SC_TELEMETRY_FLOW records of one followed session,
// grouped into journeys. A journey starts with a recv completion and gathers what followed
// from it on the same worker: the frames the assembler cut, each handler run, the fan-out,
// and the gathered WSASends the session's own outgoing bytes took (with their completions).
// A playback clock (pause, speed) decides which stage of which journey is on screen.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "protocol/flow_frames.h"

namespace iocplab::client {

enum class FlowStage { ClientSent, Recv, Cut, Handler, Fanout, Send, SendDone, Count };
const char* flow_stage_name(FlowStage s, bool korean);

struct FlowHandled { uint8_t type = 0; uint16_t size = 0; uint32_t us = 0; };
struct FlowSend { uint16_t frames = 0, buffers = 0; uint32_t bytes = 0; };

struct FlowJourney {
  uint64_t number = 0;          // 1, 2, ... in arrival order
  uint32_t t_us = 0;            // server time of the recv
  uint8_t worker = 0;           // the worker that dequeued the recv
  uint16_t bytes = 0, carry_in = 0;
  uint16_t frames_cut = 0, carry_out = 0;
  std::vector<FlowHandled> handled;
  uint16_t recipients = 0, fanout_frames = 0;
  std::vector<FlowSend> sends;  // this session's own gathered WSASends in this journey's time
  uint16_t send_done = 0;       // their completions seen
  uint32_t send_done_bytes = 0;
  bool outgoing_only = false;   // no recv: only sends to this session (others' moves, telemetry)
  // How the recv cut the stream: "whole", "coalesced" (2+ frames), "split" (a frame over
  // several recvs), "partial" (only the start of a frame).
  std::string cut_kind() const;
};

class FlowModel {
 public:
  static constexpr size_t kKept = 64;
  void add(const proto::ScTelemetryFlow& f);
  void clear();
  const std::deque<FlowJourney>& journeys() const { return journeys_; }
  uint32_t session() const { return session_; }
  uint64_t records() const { return records_; }
  uint64_t dropped() const { return dropped_; }

  // Playback: advance(dt) moves the clock (unless paused) at `speed`; each journey is shown
  // for kStageSeconds per stage, one after another, never faster than they came.
  static constexpr double kStageSeconds = 0.35;
  void advance(double dt_s);
  bool paused = false;
  float speed = 1.0f;
  // The journey on screen and how far along it is (stage + fraction), or null when idle.
  const FlowJourney* current(FlowStage* stage, float* fraction) const;
  size_t backlog() const;  // journeys waiting to be shown
  bool animating() const;  // a token is on its way (the frame loop keeps drawing)
  void skip_to_latest();   // show the newest journey next, dropping the backlog
  // Headless screenshots: the newest journey that reached a handler, every station lit.
  void show_newest_handled_complete();

 private:
  FlowJourney& open_outgoing(uint32_t t_us);
  std::deque<FlowJourney> journeys_;
  uint32_t session_ = 0;
  uint64_t records_ = 0, dropped_ = 0, next_number_ = 1;
  uint64_t shown_ = 0;       // number of the journey on screen (0: none yet)
  double shown_for_ = 0;     // seconds it has been on screen
};

}  // namespace iocplab::client
