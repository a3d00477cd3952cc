// trace_export.h — the recorded telemetry as a Chrome trace event JSON file, which the
// Perfetto UI (ui.perfetto.dev) and chrome://tracing open: one track per worker thread
// with its busy time per interval, and counter tracks for sessions and packet rates.
#pragma once

#include <string>

#include "telemetry_timeline.h"

namespace iocplab::client {

std::string chrome_trace_json(const TelemetryTimeline& timeline);
bool write_chrome_trace(const TelemetryTimeline& timeline, const std::string& path);

}  // namespace iocplab::client
