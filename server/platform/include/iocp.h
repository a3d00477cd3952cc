// iocp.h — the one header lessons and the framework include for I/O completion ports.
//
// On Windows it is the system's own Win32 API (winsock2, mswsock, windows.h).
// On Linux it declares the same subset, with the same semantics, implemented by
// IOCP Lab's platform layer over epoll (default) or io_uring (see docs/PLATFORM.md).
// Code written against this header builds unchanged on both.
#pragma once

#if defined(_WIN32)

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <winsock2.h>
#include <ws2tcpip.h>
#include <mswsock.h>
#include <mstcpip.h>
#include <windows.h>

// ws2ipdef.h names that older SDKs and MinGW-w64 lack (values as in the Windows SDK).
#ifndef TCP_KEEPALIVE
#define TCP_KEEPALIVE 3
#endif
#ifndef TCP_KEEPIDLE
#define TCP_KEEPIDLE TCP_KEEPALIVE
#endif
#ifndef TCP_MAXRT
#define TCP_MAXRT 5
#endif
#ifndef TCP_KEEPCNT
#define TCP_KEEPCNT 16
#endif
#ifndef TCP_KEEPINTVL
#define TCP_KEEPINTVL 17
#endif

// On Windows the engine is the kernel's own IOCP.
inline bool iocplab_set_engine(const char*) { return false; }
inline const char* iocplab_engine_name() { return "iocp"; }
inline const char* iocplab_engine_error() { return "Windows has only its own IOCP"; }

#else  // Linux: IOCP Lab's emulation

#include "iocp_linux_types.h"
#include "iocp_linux_api.h"

#endif
