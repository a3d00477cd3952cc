// flow_frames.cpp — encode/decode of CS_FLOW and SC_TELEMETRY_FLOW (protocol/flow_frames.h).
#include "protocol/flow_frames.h"

#include <algorithm>

#include "wire.h"

namespace iocplab::proto {

namespace {

DecodeError check_header(std::span<const uint8_t> frame, Type want) {
  if (frame.size() < kHeaderSize || frame.size() > kMaxFrame || frame_size(frame) != frame.size())
    return DecodeError::BadSize;
  return frame_type(frame) == static_cast<uint8_t>(want) ? DecodeError::None : DecodeError::TypeMismatch;
}

}  // namespace

void encode(std::vector<uint8_t>& out, const CsFlow& p) {
  wire::FrameWriter w(out, Type::CsFlow);
  w.u32(p.id);
  w.finish();
}

void encode(std::vector<uint8_t>& out, const ScTelemetryFlow& p) {
  size_t keep = std::min(p.records.size(), kMaxFlowRecords);
  size_t first = p.records.size() - keep;
  wire::FrameWriter w(out, Type::ScTelemetryFlow);
  w.u32(p.session);
  w.u8(static_cast<uint8_t>(std::min<size_t>(p.dropped + first, 255)));
  w.u8(static_cast<uint8_t>(keep));
  for (size_t i = first; i < p.records.size(); ++i) {
    const FlowRecord& r = p.records[i];
    w.u32(r.t_us);
    w.u8(r.kind);
    w.u8(r.worker);
    w.u16(r.a);
    w.u16(r.b);
    w.u32(r.c);
  }
  w.finish();
}

DecodeError decode(std::span<const uint8_t> frame, CsFlow& out) {
  if (DecodeError e = check_header(frame, Type::CsFlow); e != DecodeError::None) return e;
  if (frame.size() != kFlowSize) return DecodeError::WrongSizeForType;
  wire::Reader r(frame.subspan(kHeaderSize));
  out.id = r.u32();
  return DecodeError::None;
}

DecodeError decode(std::span<const uint8_t> frame, ScTelemetryFlow& out) {
  if (DecodeError e = check_header(frame, Type::ScTelemetryFlow); e != DecodeError::None) return e;
  if (frame.size() < kFlowBaseSize) return DecodeError::WrongSizeForType;
  wire::Reader r(frame.subspan(kHeaderSize));
  ScTelemetryFlow p;
  p.session = r.u32();
  p.dropped = r.u8();
  size_t count = r.u8();
  if (frame.size() != kFlowBaseSize + kFlowRecordSize * count) return DecodeError::WrongSizeForType;
  for (size_t i = 0; i < count; ++i) {
    FlowRecord rec;
    rec.t_us = r.u32();
    rec.kind = r.u8();
    rec.worker = r.u8();
    rec.a = r.u16();
    rec.b = r.u16();
    rec.c = r.u32();
    if (rec.kind < 1 || rec.kind > 6) return DecodeError::FieldOutOfRange;
    p.records.push_back(rec);
  }
  out = std::move(p);
  return DecodeError::None;
}

}  // namespace iocplab::proto
