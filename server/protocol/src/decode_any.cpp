// decode_any.cpp — decode or encode whichever packet a frame holds.
#include "protocol/protocol.h"

namespace iocplab::proto {

namespace {
template <class P>
DecodeError decode_as(std::span<const uint8_t> frame, Packet& out) {
  P p;
  DecodeError e = decode(frame, p);
  if (e == DecodeError::None) out = std::move(p);
  return e;
}
}  // namespace

DecodeError decode_any(std::span<const uint8_t> frame, Packet& out) {
  if (frame.size() < kHeaderSize || frame.size() > kMaxFrame) return DecodeError::BadSize;
  switch (static_cast<Type>(frame_type(frame))) {
    case Type::CsLogin: return decode_as<CsLogin>(frame, out);
    case Type::CsMove: return decode_as<CsMove>(frame, out);
    case Type::CsChat: return decode_as<CsChat>(frame, out);
    case Type::CsLogout: return decode_as<CsLogout>(frame, out);
    case Type::CsObserve: return decode_as<CsObserve>(frame, out);
    case Type::ScLoginOk: return decode_as<ScLoginOk>(frame, out);
    case Type::ScLoginFail: return decode_as<ScLoginFail>(frame, out);
    case Type::ScAddPlayer: return decode_as<ScAddPlayer>(frame, out);
    case Type::ScMovePlayer: return decode_as<ScMovePlayer>(frame, out);
    case Type::ScRemovePlayer: return decode_as<ScRemovePlayer>(frame, out);
    case Type::ScChat: return decode_as<ScChat>(frame, out);
    case Type::ScTelemetryTotals: return decode_as<ScTelemetryTotals>(frame, out);
    case Type::ScTelemetryThreads: return decode_as<ScTelemetryThreads>(frame, out);
    case Type::ScTelemetryRecv: return decode_as<ScTelemetryRecv>(frame, out);
    case Type::CsStep:  // step mode: decoded by protocol/step_frames.h, not part of Packet
    case Type::ScStepWaiting:
    case Type::ScStepDone:
    case Type::ScStepState:
    case Type::CsFlow:  // the flow view: protocol/flow_frames.h
    case Type::ScTelemetryFlow:
      break;
  }
  return frame_size(frame) != frame.size() ? DecodeError::BadSize : DecodeError::UnknownType;
}

void encode(std::vector<uint8_t>& out, const Packet& p) {
  std::visit([&out](const auto& packet) { encode(out, packet); }, p);
}

}  // namespace iocplab::proto
