#include "socket_options.h"

namespace iocplab::net {

bool configure_session_socket(SOCKET s, uint32_t keepalive_s) {
  BOOL on = TRUE;
  setsockopt(s, IPPROTO_TCP, TCP_NODELAY, reinterpret_cast<const char*>(&on), sizeof on);
  if (keepalive_s == 0) return true;
  if (keepalive_s > 4000000) keepalive_s = 4000000;  // milliseconds fit a ULONG
  tcp_keepalive vals{};
  vals.onoff = 1;
  vals.keepalivetime = static_cast<ULONG>(keepalive_s) * 1000;
  vals.keepaliveinterval = kKeepaliveIntervalS * 1000;
  DWORD bytes = 0;
  if (WSAIoctl(s, SIO_KEEPALIVE_VALS, &vals, sizeof vals, nullptr, 0, &bytes, nullptr, nullptr) ==
      SOCKET_ERROR)
    return false;
  DWORD probes = kKeepaliveProbes;
  setsockopt(s, IPPROTO_TCP, TCP_KEEPCNT, reinterpret_cast<const char*>(&probes), sizeof probes);
  DWORD maxrt = static_cast<DWORD>(keepalive_s) + kRetransmitSlackS;
  setsockopt(s, IPPROTO_TCP, TCP_MAXRT, reinterpret_cast<const char*>(&maxrt), sizeof maxrt);
  return true;
}

}  // namespace iocplab::net
