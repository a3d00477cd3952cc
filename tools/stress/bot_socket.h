// bot_socket.h — the few socket calls the bots make, the same on Linux (BSD sockets) and
// Windows (Winsock): non-blocking TCP sockets, send/recv that report "would block", and
// the error numbers the bot loop needs to tell apart.
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
#include <ws2tcpip.h>
#else
#include <netinet/in.h>
#include <sys/socket.h>
#endif

namespace iocplab::stress {

#if defined(_WIN32)
using BotSocket = SOCKET;
inline constexpr BotSocket kNoSocket = INVALID_SOCKET;
using SockLen = int;
#else
using BotSocket = int;
inline constexpr BotSocket kNoSocket = -1;
using SockLen = socklen_t;
#endif

// WSAStartup on Windows (once; false if it failed); nothing to do on Linux.
bool start_sockets();
// A non-blocking (and on Linux close-on-exec) TCP socket, or kNoSocket.
BotSocket open_tcp_socket(int family);
void close_socket(BotSocket s);
void set_nodelay(BotSocket s);
// Binds a 127.0.0.x source address; on Linux with IP_BIND_ADDRESS_NO_PORT, so the port
// is picked at connect time per destination (many more bots per source address).
bool bind_source(BotSocket s, const in_addr& source);
// Starts the connect: true when it completed or is in progress.
bool start_connect(BotSocket s, const sockaddr* to, SockLen len);
int pending_error(BotSocket s);  // SO_ERROR: 0 once connected

// Bytes moved, 0 = peer closed (recv), -1 = error: see last_error().
long send_some(BotSocket s, const void* data, size_t len);
long recv_some(BotSocket s, void* data, size_t len);

int last_error();
bool would_block(int err);   // try again when the poller says so
bool interrupted(int err);   // EINTR: retry at once
bool out_of_descriptors(int err);
int refused_error();         // ECONNREFUSED / WSAECONNREFUSED
std::string error_text(int err);

}  // namespace iocplab::stress
