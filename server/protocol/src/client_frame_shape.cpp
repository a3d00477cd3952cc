// client_frame_shape.cpp — is this frame a client-to-server type with a size that type
// allows? (PROTOCOL.md v1.1: such a violation behind a pending login closes at once.)
#include "protocol/flow_frames.h"
#include "protocol/protocol.h"
#include "protocol/step_frames.h"

namespace iocplab::proto {

DecodeError client_frame_shape(std::span<const uint8_t> frame) {
  if (frame.size() < kHeaderSize || frame.size() > kMaxFrame) return DecodeError::BadSize;
  if (frame_size(frame) != frame.size()) return DecodeError::BadSize;
  const size_t n = frame.size();
  bool size_ok = false;
  switch (static_cast<Type>(frame_type(frame))) {
    case Type::CsLogin: size_ok = n == kLoginSize; break;
    case Type::CsMove: size_ok = n == kMoveSize; break;
    case Type::CsChat: size_ok = n >= kHeaderSize + 1 && n <= kHeaderSize + kMaxChat; break;
    case Type::CsLogout: size_ok = n == kLogoutSize; break;
    case Type::CsObserve: size_ok = n == kObserveSize; break;
    case Type::CsStep: size_ok = n == kStepSize; break;
    case Type::CsFlow: size_ok = n == kFlowSize; break;
    default: return DecodeError::UnknownType;  // unknown, or a server-to-client type
  }
  return size_ok ? DecodeError::None : DecodeError::WrongSizeForType;
}

}  // namespace iocplab::proto
