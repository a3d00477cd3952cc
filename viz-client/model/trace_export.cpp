#include "trace_export.h"

#include <cstdio>
#include <fstream>

namespace iocplab::client {
namespace {

void event(std::string& out, bool& first, const std::string& body) {
  out += first ? "\n  " : ",\n  ";
  out += body;
  first = false;
}

std::string num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

}  // namespace

std::string chrome_trace_json(const TelemetryTimeline& tl) {
  std::string out = "{\"displayTimeUnit\":\"ms\",\"traceEvents\":[";
  bool first = true;
  event(out, first, R"({"name":"process_name","ph":"M","pid":1,"args":{"name":"iocplab-server"}})");
  for (size_t t = 0; t < tl.thread_count(); ++t) {
    event(out, first, "{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":" + std::to_string(t) +
                          ",\"args\":{\"name\":\"worker " + std::to_string(t) + "\"}}");
  }
  for (const ThreadInterval& iv : tl.intervals()) {
    uint64_t ts = uint64_t(iv.start_ms) * 1000;
    uint64_t span_us = uint64_t(iv.end_ms - iv.start_ms) * 1000;
    for (size_t t = 0; t < iv.threads.size(); ++t) {
      const ThreadDelta& d = iv.threads[t];
      if (d.completions() == 0 && d.busy_us == 0) continue;
      // Busy time is a total per interval; drawn as one slice at the interval start.
      uint64_t dur = d.busy_us < span_us ? d.busy_us : span_us;
      if (dur == 0) dur = 1;
      event(out, first,
            "{\"name\":\"completions\",\"cat\":\"worker\",\"ph\":\"X\",\"pid\":1,\"tid\":" + std::to_string(t) +
                ",\"ts\":" + std::to_string(ts) + ",\"dur\":" + std::to_string(dur) +
                ",\"args\":{\"accept\":" + std::to_string(d.accepts) + ",\"recv\":" + std::to_string(d.recvs) +
                ",\"send\":" + std::to_string(d.sends) + ",\"posted\":" + std::to_string(d.posted) +
                ",\"errors\":" + std::to_string(d.errors) + ",\"wait_us\":" + std::to_string(d.wait_us) + "}}");
    }
  }
  for (const TotalsSample& s : tl.totals()) {
    std::string ts = std::to_string(uint64_t(s.totals.uptime_ms) * 1000);
    event(out, first, "{\"name\":\"sessions\",\"ph\":\"C\",\"pid\":1,\"ts\":" + ts +
                          ",\"args\":{\"sessions\":" + std::to_string(s.totals.sessions) +
                          ",\"players\":" + std::to_string(s.totals.players_online) +
                          ",\"slots_in_use\":" + std::to_string(s.totals.slots_in_use) + "}}");
    event(out, first, "{\"name\":\"packets/s\",\"ph\":\"C\",\"pid\":1,\"ts\":" + ts + ",\"args\":{\"in\":" +
                          num(s.packets_in_per_s) + ",\"out\":" + num(s.packets_out_per_s) + "}}");
  }
  out += "\n]}\n";
  return out;
}

bool write_chrome_trace(const TelemetryTimeline& timeline, const std::string& path) {
  std::ofstream f(path, std::ios::binary);
  if (!f) return false;
  f << chrome_trace_json(timeline);
  return static_cast<bool>(f);
}

}  // namespace iocplab::client
