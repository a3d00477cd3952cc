// telemetry_frames.h — docs/TELEMETRY.md frames built from net::TelemetrySource.
#pragma once

#include <cstdint>

#include "net/session_sink.h"
#include "net/telemetry_source.h"

namespace iocplab::game {

// SC_TELEMETRY_TOTALS then SC_TELEMETRY_THREADS: the same bytes for every observer.
net::Bytes shared_telemetry(const net::TelemetrySource& src, uint32_t players_online);
// SC_TELEMETRY_RECV: the chunks recorded for this observer's own session since last time.
net::Bytes recv_telemetry(net::TelemetrySource& src, net::SessionId id);

}  // namespace iocplab::game
