// socket_util.h — the small portable socket layer of the client's connection, bots and
// lesson probes: BSD sockets on Linux, Winsock on Windows, the same calls for both.
// (The server side is where IOCP lives; the client only needs non-blocking sockets + poll.)
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#if defined(_WIN32)
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <winsock2.h>
#else
#include <poll.h>
#endif

namespace iocplab::client {

#if defined(_WIN32)
using SocketHandle = SOCKET;
using PollFd = WSAPOLLFD;
inline constexpr SocketHandle kNoSocket = INVALID_SOCKET;
#else
using SocketHandle = int;
using PollFd = pollfd;
inline constexpr SocketHandle kNoSocket = -1;
#endif

// Winsock's WSAStartup, once per process (start_connect calls it); nothing on Linux.
void start_sockets();
// Starts a non-blocking TCP connect to host:port (numeric or resolvable host).
// Returns the socket (connect may still be in progress) or kNoSocket with *error set.
SocketHandle start_connect(const std::string& host, uint16_t port, std::string* error);
// After poll reports the socket writable (or in error): 0 when connected, else the error.
int connect_result(SocketHandle s);
void set_nodelay(SocketHandle s);
void close_socket(SocketHandle s);
void shutdown_both(SocketHandle s);

// send/recv on a non-blocking socket: bytes moved, 0 = peer closed (recv), -1 = error,
// then last_socket_error() says which. send never raises SIGPIPE.
long send_some(SocketHandle s, const void* data, size_t len);
long recv_some(SocketHandle s, void* data, size_t len);
int last_socket_error();
bool is_transient(int err);        // would block or interrupted: try again later
bool is_refused(int err);          // connection refused
std::string socket_error_text(int err);
// poll() / WSAPoll(): -1 on error (an interrupted wait counts as 0 ready).
int poll_sockets(PollFd* fds, size_t count, int timeout_ms);

// Splits "HOST:PORT"; false when malformed.
bool split_host_port(const std::string& s, std::string* host, uint16_t* port);

}  // namespace iocplab::client
