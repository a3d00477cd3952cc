// telemetry_source.h — what the network framework measures, as the layer above reads it
// to build the telemetry frames of docs/TELEMETRY.md. Counters are cumulative.
#pragma once

#include <cstdint>
#include <vector>

#include "session_sink.h"

namespace iocplab::net {
class StepGate;
}

namespace iocplab::net {

struct ThreadStats {  // one worker thread; fields as in SC_TELEMETRY_THREADS
  uint32_t accepts = 0, recvs = 0, sends = 0, posted = 0, errors = 0;
  uint32_t busy_us = 0, wait_us = 0;
};

struct TotalsStats {  // fields as in SC_TELEMETRY_TOTALS, less players_online (the game's)
  uint32_t uptime_ms = 0, sessions = 0, slots_in_use = 0, max_sessions = 0;
  uint64_t packets_in = 0, packets_out = 0, bytes_in = 0, bytes_out = 0;
  uint64_t stale_drops = 0, violations = 0, slow_readers = 0, login_timeouts = 0;
};

struct RecvChunk {  // one recv completion of one session, as in SC_TELEMETRY_RECV
  uint32_t recv_index = 0;
  uint16_t chunk_len = 0;
  uint16_t carry_in = 0;
  std::vector<uint16_t> frame_end;  // end offset of each frame this chunk completed
};

// One step of one session's bytes through the server, for the flow view (SC_TELEMETRY_FLOW,
// docs/TELEMETRY.md). a, b, c by kind:
//   Recv      a bytes, b bytes of an incomplete frame already buffered (carry in)
//   Cut       a whole frames this recv completed, b bytes left for a frame not complete yet
//   Handled   a frame type, b frame size, c handler time (µs)
//   Fanout    a sessions the handler sent to, b frames it queued
//   Send      a frames this gathered WSASend carries, b buffers gathered, c bytes
//   SendDone  a 1 if it succeeded, c bytes
enum class FlowKind : uint8_t { Recv = 1, Cut = 2, Handled = 3, Fanout = 4, Send = 5, SendDone = 6 };
struct FlowEvent {
  uint32_t t_us = 0;  // server time (µs since start, wraps)
  FlowKind kind = FlowKind::Recv;
  uint8_t worker = 0;  // the worker thread that did it
  uint16_t a = 0, b = 0;
  uint32_t c = 0;
};

class TelemetrySource {
 public:
  virtual ~TelemetrySource() = default;
  virtual TotalsStats totals() const = 0;
  virtual std::vector<ThreadStats> threads() const = 0;
  // Recording of recv chunks is off by default (cost); on for observers only.
  virtual void set_recv_recording(SessionId id, bool on) = 0;
  // The chunks recorded since the last call (at most 64 kept; older ones dropped and
  // counted in *dropped).
  virtual std::vector<RecvChunk> take_recv_chunks(SessionId id, uint32_t* dropped) = 0;
  // Flow events of one session (off by default: on while an observer follows it). At most
  // 128 kept; older ones dropped and counted in *dropped.
  virtual void set_flow_recording(SessionId, bool) {}
  virtual std::vector<FlowEvent> take_flow(SessionId, uint32_t* dropped) {
    if (dropped) *dropped = 0;
    return {};
  }
  // The teaching step mode's gate when the server runs with --step, else null.
  virtual StepGate* step_gate() { return nullptr; }
};

}  // namespace iocplab::net
