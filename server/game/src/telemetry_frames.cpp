#include "telemetry_frames.h"

#include <algorithm>

#include "frames.h"

namespace iocplab::game {

net::Bytes shared_telemetry(const net::TelemetrySource& src, uint32_t players_online) {
  const net::TotalsStats t = src.totals();
  proto::ScTelemetryTotals totals;
  totals.uptime_ms = t.uptime_ms;
  totals.sessions = t.sessions;
  totals.slots_in_use = t.slots_in_use;
  totals.max_sessions = t.max_sessions;
  totals.players_online = players_online;
  totals.packets_in = t.packets_in;
  totals.packets_out = t.packets_out;
  totals.bytes_in = t.bytes_in;
  totals.bytes_out = t.bytes_out;
  totals.stale_drops = t.stale_drops;
  totals.violations = t.violations;
  totals.slow_readers = t.slow_readers;
  totals.login_timeouts = t.login_timeouts;

  proto::ScTelemetryThreads threads;
  threads.uptime_ms = t.uptime_ms;
  const auto stats = src.threads();
  const size_t n = std::min(stats.size(), proto::kMaxThreadRecords);
  for (size_t i = 0; i < n; ++i) {
    const auto& s = stats[i];
    threads.threads.push_back(proto::ThreadRecord{uint8_t(i), s.accepts, s.recvs, s.sends, s.posted,
                                                  s.errors, s.busy_us, s.wait_us});
  }

  std::vector<uint8_t> frames;
  proto::encode(frames, totals);
  proto::encode(frames, threads);
  return bytes_of(std::move(frames));
}

net::Bytes recv_telemetry(net::TelemetrySource& src, net::SessionId id) {
  uint32_t dropped = 0;
  auto chunks = src.take_recv_chunks(id, &dropped);
  proto::ScTelemetryRecv recv;
  recv.dropped = uint8_t(std::min<uint32_t>(dropped, 255));
  recv.chunks.reserve(chunks.size());
  for (auto& c : chunks)
    recv.chunks.push_back(proto::RecvRecord{c.recv_index, c.chunk_len, c.carry_in, std::move(c.frame_end)});
  return bytes_of(recv);  // encode keeps the newest records that fit and counts the rest
}

}  // namespace iocplab::game
