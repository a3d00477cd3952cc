// encode.cpp — one frame per packet, appended to the caller's buffer.
#include <algorithm>

#include "protocol/protocol.h"
#include "wire.h"

namespace iocplab::proto {

using wire::FrameWriter;

namespace {
std::string_view raw(const std::array<char, kFieldLen>& f) { return {f.data(), f.size()}; }
// Text that fits in a frame after `fixed` bytes of header and fixed fields.
std::string_view fit(std::string_view text, size_t fixed) {
  return text.substr(0, std::min(text.size(), kMaxFrame - fixed));
}
}  // namespace

void encode(std::vector<uint8_t>& out, const CsLogin& p) {
  FrameWriter w(out, Type::CsLogin);
  w.bytes(raw(p.name));
  w.bytes(raw(p.password));
  w.finish();
}

void encode(std::vector<uint8_t>& out, const CsMove& p) {
  FrameWriter w(out, Type::CsMove);
  w.u8(p.dir);
  w.u32(p.seq);
  w.u32(p.client_time);
  w.finish();
}

void encode(std::vector<uint8_t>& out, const CsChat& p) {
  FrameWriter w(out, Type::CsChat);
  w.bytes(fit(p.text, kHeaderSize));
  w.finish();
}

void encode(std::vector<uint8_t>& out, const CsLogout&) {
  FrameWriter w(out, Type::CsLogout);
  w.finish();
}

void encode(std::vector<uint8_t>& out, const CsObserve& p) {
  FrameWriter w(out, Type::CsObserve);
  w.u8(p.on);
  w.finish();
}

void encode(std::vector<uint8_t>& out, const ScLoginOk& p) {
  FrameWriter w(out, Type::ScLoginOk);
  w.u32(p.id);
  w.u16(p.x);
  w.u16(p.y);
  w.u16(p.world_w);
  w.u16(p.world_h);
  w.u16(p.view);
  w.finish();
}

void encode(std::vector<uint8_t>& out, const ScLoginFail& p) {
  FrameWriter w(out, Type::ScLoginFail);
  w.u8(p.reason);
  w.finish();
}

void encode(std::vector<uint8_t>& out, const ScAddPlayer& p) {
  FrameWriter w(out, Type::ScAddPlayer);
  w.u32(p.id);
  w.u16(p.x);
  w.u16(p.y);
  w.field(p.name, kFieldLen);
  w.finish();
}

void encode(std::vector<uint8_t>& out, const ScMovePlayer& p) {
  FrameWriter w(out, Type::ScMovePlayer);
  w.u32(p.id);
  w.u16(p.x);
  w.u16(p.y);
  w.u32(p.seq);
  w.u32(p.client_time);
  w.finish();
}

void encode(std::vector<uint8_t>& out, const ScRemovePlayer& p) {
  FrameWriter w(out, Type::ScRemovePlayer);
  w.u32(p.id);
  w.finish();
}

void encode(std::vector<uint8_t>& out, const ScChat& p) {
  FrameWriter w(out, Type::ScChat);
  w.u32(p.id);
  w.bytes(fit(p.text, kHeaderSize + 4));
  w.finish();
}

void encode(std::vector<uint8_t>& out, const ScTelemetryTotals& p) {
  FrameWriter w(out, Type::ScTelemetryTotals);
  for (uint32_t v : {p.uptime_ms, p.sessions, p.slots_in_use, p.max_sessions, p.players_online})
    w.u32(v);
  for (uint64_t v : {p.packets_in, p.packets_out, p.bytes_in, p.bytes_out, p.stale_drops,
                     p.violations, p.slow_readers, p.login_timeouts})
    w.u64(v);
  w.finish();
}

void encode(std::vector<uint8_t>& out, const ScTelemetryThreads& p) {
  const size_t count = std::min(p.threads.size(), kMaxThreadRecords);
  FrameWriter w(out, Type::ScTelemetryThreads);
  w.u32(p.uptime_ms);
  w.u8(static_cast<uint8_t>(count));
  w.u8(0);  // pad
  for (size_t i = 0; i < count; ++i) {
    const ThreadRecord& t = p.threads[i];
    w.u8(t.index);
    for (uint32_t v : {t.accepts, t.recvs, t.sends, t.posted, t.errors, t.busy_us, t.wait_us})
      w.u32(v);
  }
  w.finish();
}

void encode(std::vector<uint8_t>& out, const ScTelemetryRecv& p) {
  // Choose the newest records that fit, skipping any with more frames than a u8 counts.
  std::vector<const RecvRecord*> kept;
  size_t size = kRecvBaseSize;
  size_t left_out = 0;
  bool full = false;
  for (auto it = p.chunks.rbegin(); it != p.chunks.rend(); ++it) {
    if (it->frame_end.size() > 255) { ++left_out; continue; }
    const size_t rec = kRecvRecordBaseSize + 2 * it->frame_end.size();
    full = full || kept.size() == 255 || size + rec > kMaxFrame;  // older ones are left out too
    if (full) { ++left_out; continue; }
    kept.push_back(&*it);
    size += rec;
  }
  FrameWriter w(out, Type::ScTelemetryRecv);
  w.u8(static_cast<uint8_t>(kept.size()));
  w.u8(static_cast<uint8_t>(std::min<size_t>(255, p.dropped + left_out)));
  for (auto it = kept.rbegin(); it != kept.rend(); ++it) {
    const RecvRecord& r = **it;
    w.u32(r.recv_index);
    w.u16(r.chunk_len);
    w.u16(r.carry_in);
    w.u8(static_cast<uint8_t>(r.frame_end.size()));
    for (uint16_t end : r.frame_end) w.u16(end);
  }
  w.finish();
}

CsLogin make_login(std::string_view name, std::string_view password) {
  CsLogin p;
  std::copy_n(name.begin(), std::min(name.size(), kFieldLen), p.name.begin());
  std::copy_n(password.begin(), std::min(password.size(), kFieldLen), p.password.begin());
  return p;
}

}  // namespace iocplab::proto
