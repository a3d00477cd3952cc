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
  // The teaching step mode's gate when the server runs with --step, else null.
  virtual StepGate* step_gate() { return nullptr; }
};

}  // namespace iocplab::net
