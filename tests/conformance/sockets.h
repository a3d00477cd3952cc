// sockets.h — loopback TCP helpers: listeners on 127.0.0.1 port 0, connected pairs, and
// blocking peer-side send/recv with time limits (the side a test does not study).
#pragma once

#include <cstddef>
#include <cstdint>


#include "handles.h"

namespace conf {

// A TCP socket able to take overlapped I/O.
Socket tcp_socket();

// A listening socket bound to 127.0.0.1 on a port the system picks; *port receives it.
Socket loopback_listener(uint16_t* port);

// 127.0.0.1:port
sockaddr_in loopback_address(uint16_t port);

uint16_t local_port(SOCKET s);

// Blocking connect to 127.0.0.1:port from a new overlapped socket (INVALID on failure).
Socket connect_to(uint16_t port);

// Both ends of one loopback TCP connection (made with connect + blocking accept).
struct SocketPair {
  Socket client;
  Socket server;
};
SocketPair connected_pair();

// Blocking calls on a socket no port watches give up after `ms` (SO_RCVTIMEO/SO_SNDTIMEO).
void set_io_timeouts(SOCKET s, DWORD ms);

// While alive, bounds the blocking calls on one socket: after `ms` it shuts the socket
// down (SD_BOTH), which makes a stuck blocking send/recv return an error, so a broken
// SO_RCVTIMEO/SO_SNDTIMEO fails a test instead of hanging the suite.
class Watchdog {
 public:
  Watchdog(SOCKET s, DWORD ms);
  ~Watchdog();
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;
  bool fired() const;

 private:
  struct State;
  State* state_;
};

// Blocking send of every byte; false on error. Bounded by a Watchdog.
bool send_all(SOCKET s, const char* data, size_t size);
// Blocking receive of up to `size` bytes until error, end of stream or time-out; returns
// how many arrived. Bounded by a Watchdog.
size_t recv_all(SOCKET s, char* data, size_t size);
inline bool recv_exact(SOCKET s, char* data, size_t size) {
  return recv_all(s, data, size) == size;
}
// Blocks until at least one byte is readable (MSG_PEEK), without consuming it.
bool wait_readable(SOCKET s);

// Makes closesocket() send a reset (RST) instead of a graceful close (SO_LINGER 0).
bool reset_on_close(SOCKET s);

// WSARecv / WSASend that start an overlapped operation. Return 0 when the call succeeded
// at once, else WSAGetLastError() (WSA_IO_PENDING when it is in progress).
int start_recv(SOCKET s, WSABUF* bufs, DWORD count, OVERLAPPED* ov);
int start_send(SOCKET s, WSABUF* bufs, DWORD count, OVERLAPPED* ov);

// True when an overlapped call returned "started" (done now, or pending).
inline bool started(int rc) { return rc == 0 || rc == WSA_IO_PENDING; }

}  // namespace conf
