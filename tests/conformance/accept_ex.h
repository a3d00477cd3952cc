// accept_ex.h — AcceptEx and GetAcceptExSockaddrs loaded the Windows way, through
// WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER), plus the output buffer they share.
#pragma once

#include "iocp.h"

namespace conf {

struct AcceptExFunctions {
  LPFN_ACCEPTEX accept_ex = nullptr;
  LPFN_GETACCEPTEXSOCKADDRS get_sockaddrs = nullptr;
};

// Loads both functions for `listener`; false (with the WSA error in *error) on failure.
bool load_accept_ex(SOCKET listener, AcceptExFunctions* fns, int* error);

// Each address slot must be 16 bytes larger than the address (AcceptEx's rule).
constexpr DWORD kAcceptAddressLength = sizeof(sockaddr_in) + 16;

// One outstanding AcceptEx: its OVERLAPPED, the socket it fills, the address buffer.
struct PendingAccept {
  OVERLAPPED ov;
  SOCKET accepted = INVALID_SOCKET;
  char addresses[2 * kAcceptAddressLength];
};

// Starts AcceptEx (no receive data) into `pending`; returns 0 when it completed at once,
// else WSAGetLastError() (WSA_IO_PENDING when it waits for a connection).
int start_accept(const AcceptExFunctions& fns, SOCKET listener, PendingAccept* pending);

}  // namespace conf
