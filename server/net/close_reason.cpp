#include "session_sink.h"

namespace iocplab::net {

const char* to_string(CloseReason r) {
  switch (r) {
    case CloseReason::PeerClosed: return "peer closed";
    case CloseReason::Reset: return "reset";
    case CloseReason::Violation: return "protocol violation";
    case CloseReason::SlowReader: return "slow reader";
    case CloseReason::LoginTimeout: return "login timeout";
    case CloseReason::Logout: return "logout";
    case CloseReason::LoginFailed: return "login failed";
    case CloseReason::ServerFull: return "server full";
    case CloseReason::Shutdown: return "shutdown";
  }
  return "?";
}

}  // namespace iocplab::net
