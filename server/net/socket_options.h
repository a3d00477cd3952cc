// socket_options.h — what every session socket gets once AcceptEx completed: TCP_NODELAY,
// and with keepalive_s > 0 the dead-peer bounds of PROTOCOL.md ("Dead peers"): keepalive
// after keepalive_s idle seconds, a probe every 5 s, 3 probes, and unacknowledged data
// given up after keepalive_s + 15 s (TCP_MAXRT; TCP_USER_TIMEOUT in the emulation).
#pragma once

#include <cstdint>

#include "iocp.h"

namespace iocplab::net {

constexpr DWORD kKeepaliveIntervalS = 5;
constexpr DWORD kKeepaliveProbes = 3;
constexpr DWORD kRetransmitSlackS = 15;

// False when keepalive itself could not be switched on (WSAGetLastError tells why). The
// probe count and the retransmission bound are best effort: older Windows and Wine refuse
// them with WSAENOPROTOOPT.
bool configure_session_socket(SOCKET s, uint32_t keepalive_s);

}  // namespace iocplab::net
