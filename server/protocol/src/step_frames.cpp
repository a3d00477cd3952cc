// step_frames.cpp — encode/decode of the step-mode frames (protocol/step_frames.h).
#include "protocol/step_frames.h"

#include "wire.h"

namespace iocplab::proto {

namespace {

DecodeError check(std::span<const uint8_t> frame, Type want, size_t size) {
  if (frame.size() < kHeaderSize || frame.size() > kMaxFrame || frame_size(frame) != frame.size())
    return DecodeError::BadSize;
  if (frame_type(frame) != static_cast<uint8_t>(want)) return DecodeError::TypeMismatch;
  return frame.size() == size ? DecodeError::None : DecodeError::WrongSizeForType;
}

wire::Reader payload(std::span<const uint8_t> frame) { return wire::Reader(frame.subspan(kHeaderSize)); }

}  // namespace

void encode(std::vector<uint8_t>& out, const CsStep& p) {
  wire::FrameWriter w(out, Type::CsStep);
  w.u8(p.mode);
  w.u16(p.count);
  w.finish();
}

void encode(std::vector<uint8_t>& out, const ScStepWaiting& p) {
  wire::FrameWriter w(out, Type::ScStepWaiting);
  w.u32(p.seq);
  w.u8(p.worker);
  w.u8(p.op);
  w.u8(p.ok);
  w.u32(p.key);
  w.u32(p.bytes);
  w.u32(p.session);
  w.finish();
}

void encode(std::vector<uint8_t>& out, const ScStepDone& p) {
  wire::FrameWriter w(out, Type::ScStepDone);
  w.u32(p.seq);
  w.u16(p.frames_cut);
  w.u16(p.frames_sent);
  w.u16(p.closes);
  w.finish();
}

void encode(std::vector<uint8_t>& out, const ScStepState& p) {
  wire::FrameWriter w(out, Type::ScStepState);
  w.u8(p.paused);
  w.u16(p.waiting);
  w.u32(p.handled);
  w.finish();
}

DecodeError decode(std::span<const uint8_t> frame, CsStep& out) {
  if (DecodeError e = check(frame, Type::CsStep, kStepSize); e != DecodeError::None) return e;
  wire::Reader r = payload(frame);
  CsStep p;
  p.mode = r.u8();
  p.count = r.u16();
  if (p.mode > static_cast<uint8_t>(StepMode::Step)) return DecodeError::FieldOutOfRange;
  if (p.mode == static_cast<uint8_t>(StepMode::Step) && (p.count == 0 || p.count > kMaxStepCount))
    return DecodeError::FieldOutOfRange;
  out = p;
  return DecodeError::None;
}

DecodeError decode(std::span<const uint8_t> frame, ScStepWaiting& out) {
  if (DecodeError e = check(frame, Type::ScStepWaiting, kStepWaitingSize); e != DecodeError::None) return e;
  wire::Reader r = payload(frame);
  ScStepWaiting p;
  p.seq = r.u32();
  p.worker = r.u8();
  p.op = r.u8();
  p.ok = r.u8();
  p.key = r.u32();
  p.bytes = r.u32();
  p.session = r.u32();
  out = p;
  return DecodeError::None;
}

DecodeError decode(std::span<const uint8_t> frame, ScStepDone& out) {
  if (DecodeError e = check(frame, Type::ScStepDone, kStepDoneSize); e != DecodeError::None) return e;
  wire::Reader r = payload(frame);
  ScStepDone p;
  p.seq = r.u32();
  p.frames_cut = r.u16();
  p.frames_sent = r.u16();
  p.closes = r.u16();
  out = p;
  return DecodeError::None;
}

DecodeError decode(std::span<const uint8_t> frame, ScStepState& out) {
  if (DecodeError e = check(frame, Type::ScStepState, kStepStateSize); e != DecodeError::None) return e;
  wire::Reader r = payload(frame);
  ScStepState p;
  p.paused = r.u8();
  p.waiting = r.u16();
  p.handled = r.u32();
  out = p;
  return DecodeError::None;
}

}  // namespace iocplab::proto
