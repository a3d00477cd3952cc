// flow_frames.h — the flow view's frames (docs/TELEMETRY.md): an observer picks one session
// to follow with CS_FLOW and receives SC_TELEMETRY_FLOW, the steps that session's bytes
// took through the server (recv, reassembly, handler, fan-out, sends) since the last one.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "protocol/protocol.h"

namespace iocplab::proto {

struct CsFlow {         // type 7, frame size 7; only after CS_OBSERVE(1)
  uint32_t id = 0;      // the player to follow; 0: the observer's own session
  friend bool operator==(const CsFlow&, const CsFlow&) = default;
};

struct FlowRecord {     // 14 bytes on the wire; meaning of a, b, c by kind in TELEMETRY.md
  uint32_t t_us = 0;    // server time, µs since start (wraps)
  uint8_t kind = 0;     // 1 recv, 2 cut, 3 handled, 4 fan-out, 5 send, 6 send done
  uint8_t worker = 0;
  uint16_t a = 0, b = 0;
  uint32_t c = 0;
  friend bool operator==(const FlowRecord&, const FlowRecord&) = default;
};

struct ScTelemetryFlow {  // type 23, frame size 9 + 14 x count (count <= 72)
  uint32_t session = 0;   // the followed session's public id
  uint8_t dropped = 0;    // records left out (saturates at 255)
  std::vector<FlowRecord> records;
  friend bool operator==(const ScTelemetryFlow&, const ScTelemetryFlow&) = default;
};

constexpr size_t kFlowSize = 7, kFlowBaseSize = 9, kFlowRecordSize = 14;
constexpr size_t kMaxFlowRecords = (kMaxFrame - kFlowBaseSize) / kFlowRecordSize;  // 72

void encode(std::vector<uint8_t>& out, const CsFlow& p);
// Keeps the newest records that fit; the ones left out are added to `dropped`.
void encode(std::vector<uint8_t>& out, const ScTelemetryFlow& p);
DecodeError decode(std::span<const uint8_t> frame, CsFlow& out);
// kind outside 1..6 is FieldOutOfRange.
DecodeError decode(std::span<const uint8_t> frame, ScTelemetryFlow& out);

}  // namespace iocplab::proto
