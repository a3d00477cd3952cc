// decode.cpp — one whole frame in, one packet out. `out` is written only on success.
#include "protocol/protocol.h"
#include "wire.h"

namespace iocplab::proto {

using wire::Reader;

namespace {

// The header checks every decoder shares; on success the reader is at the payload.
DecodeError check_header(std::span<const uint8_t> frame, Type want) {
  if (frame.size() < kHeaderSize || frame.size() > kMaxFrame) return DecodeError::BadSize;
  if (frame_size(frame) != frame.size()) return DecodeError::BadSize;
  if (!known_type(frame_type(frame))) return DecodeError::UnknownType;
  if (frame_type(frame) != static_cast<uint8_t>(want)) return DecodeError::TypeMismatch;
  return DecodeError::None;
}

DecodeError check_fixed(std::span<const uint8_t> frame, Type want, size_t size) {
  if (DecodeError e = check_header(frame, want); e != DecodeError::None) return e;
  return frame.size() == size ? DecodeError::None : DecodeError::WrongSizeForType;
}

DecodeError check_range(std::span<const uint8_t> frame, Type want, size_t min, size_t max) {
  if (DecodeError e = check_header(frame, want); e != DecodeError::None) return e;
  return frame.size() >= min && frame.size() <= max ? DecodeError::None
                                                    : DecodeError::WrongSizeForType;
}

Reader payload(std::span<const uint8_t> frame) { return Reader(frame.subspan(kHeaderSize)); }

template <class P>
DecodeError done(P&& value, P& out) {
  out = std::move(value);
  return DecodeError::None;
}

}  // namespace

#define IOCPLAB_CHECK(expr) \
  if (DecodeError e = (expr); e != DecodeError::None) return e

DecodeError decode(std::span<const uint8_t> frame, CsLogin& out) {
  IOCPLAB_CHECK(check_fixed(frame, Type::CsLogin, kLoginSize));
  Reader r = payload(frame);
  CsLogin p;
  for (char& c : p.name) c = static_cast<char>(r.u8());
  for (char& c : p.password) c = static_cast<char>(r.u8());
  return done(std::move(p), out);
}

DecodeError decode(std::span<const uint8_t> frame, CsMove& out) {
  IOCPLAB_CHECK(check_fixed(frame, Type::CsMove, kMoveSize));
  Reader r = payload(frame);
  CsMove p;
  p.dir = r.u8();
  p.seq = r.u32();
  p.client_time = r.u32();
  if (p.dir > static_cast<uint8_t>(Dir::Right)) return DecodeError::FieldOutOfRange;
  return done(std::move(p), out);
}

DecodeError decode(std::span<const uint8_t> frame, CsChat& out) {
  IOCPLAB_CHECK(check_range(frame, Type::CsChat, kHeaderSize + 1, kHeaderSize + kMaxChat));
  Reader r = payload(frame);
  CsChat p;
  std::string_view text = r.text(r.remaining());
  if (!valid_utf8(text)) return DecodeError::BadText;
  p.text = text;
  return done(std::move(p), out);
}

DecodeError decode(std::span<const uint8_t> frame, CsLogout& out) {
  IOCPLAB_CHECK(check_fixed(frame, Type::CsLogout, kLogoutSize));
  return done(CsLogout{}, out);
}

DecodeError decode(std::span<const uint8_t> frame, CsObserve& out) {
  IOCPLAB_CHECK(check_fixed(frame, Type::CsObserve, kObserveSize));
  CsObserve p;
  p.on = payload(frame).u8();
  if (p.on > 1) return DecodeError::FieldOutOfRange;
  return done(std::move(p), out);
}

DecodeError decode(std::span<const uint8_t> frame, ScLoginOk& out) {
  IOCPLAB_CHECK(check_fixed(frame, Type::ScLoginOk, kLoginOkSize));
  Reader r = payload(frame);
  ScLoginOk p;
  p.id = r.u32();
  p.x = r.u16();
  p.y = r.u16();
  p.world_w = r.u16();
  p.world_h = r.u16();
  p.view = r.u16();
  if (p.x >= p.world_w || p.y >= p.world_h) return DecodeError::FieldOutOfRange;
  return done(std::move(p), out);
}

DecodeError decode(std::span<const uint8_t> frame, ScLoginFail& out) {
  IOCPLAB_CHECK(check_fixed(frame, Type::ScLoginFail, kLoginFailSize));
  ScLoginFail p;
  p.reason = payload(frame).u8();
  if (p.reason < static_cast<uint8_t>(LoginFail::WrongPassword) ||
      p.reason > static_cast<uint8_t>(LoginFail::StoreError))
    return DecodeError::FieldOutOfRange;
  return done(std::move(p), out);
}

DecodeError decode(std::span<const uint8_t> frame, ScAddPlayer& out) {
  IOCPLAB_CHECK(check_fixed(frame, Type::ScAddPlayer, kAddPlayerSize));
  Reader r = payload(frame);
  ScAddPlayer p;
  p.id = r.u32();
  p.x = r.u16();
  p.y = r.u16();
  std::array<char, kFieldLen> field;
  for (char& c : field) c = static_cast<char>(r.u8());
  if (!valid_name_field(field, &p.name)) return DecodeError::BadText;
  return done(std::move(p), out);
}

DecodeError decode(std::span<const uint8_t> frame, ScMovePlayer& out) {
  IOCPLAB_CHECK(check_fixed(frame, Type::ScMovePlayer, kMovePlayerSize));
  Reader r = payload(frame);
  ScMovePlayer p;
  p.id = r.u32();
  p.x = r.u16();
  p.y = r.u16();
  p.seq = r.u32();
  p.client_time = r.u32();
  return done(std::move(p), out);
}

DecodeError decode(std::span<const uint8_t> frame, ScRemovePlayer& out) {
  IOCPLAB_CHECK(check_fixed(frame, Type::ScRemovePlayer, kRemovePlayerSize));
  ScRemovePlayer p;
  p.id = payload(frame).u32();
  return done(std::move(p), out);
}

DecodeError decode(std::span<const uint8_t> frame, ScChat& out) {
  IOCPLAB_CHECK(check_range(frame, Type::ScChat, kHeaderSize + 5, kHeaderSize + 4 + kMaxChat));
  Reader r = payload(frame);
  ScChat p;
  p.id = r.u32();
  std::string_view text = r.text(r.remaining());
  if (!valid_utf8(text)) return DecodeError::BadText;
  p.text = text;
  return done(std::move(p), out);
}

DecodeError decode(std::span<const uint8_t> frame, ScTelemetryTotals& out) {
  IOCPLAB_CHECK(check_fixed(frame, Type::ScTelemetryTotals, kTotalsSize));
  Reader r = payload(frame);
  ScTelemetryTotals p;
  for (uint32_t* v : {&p.uptime_ms, &p.sessions, &p.slots_in_use, &p.max_sessions,
                      &p.players_online})
    *v = r.u32();
  for (uint64_t* v : {&p.packets_in, &p.packets_out, &p.bytes_in, &p.bytes_out, &p.stale_drops,
                      &p.violations, &p.slow_readers, &p.login_timeouts})
    *v = r.u64();
  return done(std::move(p), out);
}

DecodeError decode(std::span<const uint8_t> frame, ScTelemetryThreads& out) {
  IOCPLAB_CHECK(check_range(frame, Type::ScTelemetryThreads, kThreadsBaseSize, kMaxFrame));
  Reader r = payload(frame);
  ScTelemetryThreads p;
  p.uptime_ms = r.u32();
  const size_t count = r.u8();
  const uint8_t pad = r.u8();
  if (frame.size() != kThreadsBaseSize + kThreadRecordSize * count)
    return DecodeError::WrongSizeForType;
  if (pad != 0 || count > kMaxThreadRecords) return DecodeError::FieldOutOfRange;
  p.threads.resize(count);
  for (ThreadRecord& t : p.threads) {
    t.index = r.u8();
    for (uint32_t* v : {&t.accepts, &t.recvs, &t.sends, &t.posted, &t.errors, &t.busy_us,
                        &t.wait_us})
      *v = r.u32();
  }
  return done(std::move(p), out);
}

DecodeError decode(std::span<const uint8_t> frame, ScTelemetryRecv& out) {
  IOCPLAB_CHECK(check_range(frame, Type::ScTelemetryRecv, kRecvBaseSize, kMaxFrame));
  Reader r = payload(frame);
  ScTelemetryRecv p;
  const size_t count = r.u8();
  p.dropped = r.u8();
  p.chunks.resize(count);
  for (RecvRecord& c : p.chunks) {
    if (r.remaining() < kRecvRecordBaseSize) return DecodeError::WrongSizeForType;
    c.recv_index = r.u32();
    c.chunk_len = r.u16();
    c.carry_in = r.u16();
    const size_t frames = r.u8();
    if (r.remaining() < 2 * frames) return DecodeError::WrongSizeForType;
    c.frame_end.resize(frames);
    for (uint16_t& end : c.frame_end) end = r.u16();
    if (c.carry_in >= kMaxFrame) return DecodeError::FieldOutOfRange;
    uint16_t prev = 0;
    for (uint16_t end : c.frame_end) {
      if (end <= prev || end > c.chunk_len) return DecodeError::FieldOutOfRange;
      prev = end;
    }
  }
  if (r.remaining() != 0) return DecodeError::WrongSizeForType;
  return done(std::move(p), out);
}

#undef IOCPLAB_CHECK

}  // namespace iocplab::proto
