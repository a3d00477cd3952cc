// peer_name.h — the exercise of stage 14: say who connected, from GetAcceptExSockaddrs.
#pragma once

#include <string>

#include "iocp.h"

// "a.b.c.d:port" for an IPv4 address as GetAcceptExSockaddrs hands it back; "?" otherwise.
std::string peer_name(const sockaddr* address, int length);
