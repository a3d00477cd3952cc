// type_names.cpp — names of packet types and decode errors, for logs and the client.
#include "protocol/protocol.h"

namespace iocplab::proto {

const char* type_name(uint8_t type) {
  switch (static_cast<Type>(type)) {
    case Type::CsLogin: return "CS_LOGIN";
    case Type::CsMove: return "CS_MOVE";
    case Type::CsChat: return "CS_CHAT";
    case Type::CsLogout: return "CS_LOGOUT";
    case Type::CsObserve: return "CS_OBSERVE";
    case Type::ScLoginOk: return "SC_LOGIN_OK";
    case Type::ScLoginFail: return "SC_LOGIN_FAIL";
    case Type::ScAddPlayer: return "SC_ADD_PLAYER";
    case Type::ScMovePlayer: return "SC_MOVE_PLAYER";
    case Type::ScRemovePlayer: return "SC_REMOVE_PLAYER";
    case Type::ScChat: return "SC_CHAT";
    case Type::ScTelemetryTotals: return "SC_TELEMETRY_TOTALS";
    case Type::ScTelemetryThreads: return "SC_TELEMETRY_THREADS";
    case Type::ScTelemetryRecv: return "SC_TELEMETRY_RECV";
    case Type::CsStep: return "CS_STEP";
    case Type::ScStepWaiting: return "SC_STEP_WAITING";
    case Type::ScStepDone: return "SC_STEP_DONE";
    case Type::ScStepState: return "SC_STEP_STATE";
    case Type::CsFlow: return "CS_FLOW";
    case Type::ScTelemetryFlow: return "SC_TELEMETRY_FLOW";
  }
  return "?";
}

bool known_type(uint8_t type) { return type_name(type)[0] != '?'; }

const char* to_string(DecodeError e) {
  switch (e) {
    case DecodeError::None: return "none";
    case DecodeError::BadSize: return "bad size";
    case DecodeError::UnknownType: return "unknown type";
    case DecodeError::WrongSizeForType: return "wrong size for type";
    case DecodeError::FieldOutOfRange: return "field out of range";
    case DecodeError::BadText: return "bad text";
    case DecodeError::TypeMismatch: return "type mismatch";
  }
  return "?";
}

uint16_t frame_size(std::span<const uint8_t> header) {
  return static_cast<uint16_t>(header[0] | header[1] << 8);
}

uint8_t frame_type(std::span<const uint8_t> frame) { return frame[2]; }

}  // namespace iocplab::proto
