#include "socket_util.h"

#include <cerrno>
#include <cstring>

#if defined(_WIN32)
#include <ws2tcpip.h>
#else
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace iocplab::client {

void start_sockets() {
#if defined(_WIN32)
  static const bool started = [] {
    WSADATA wsa;
    return WSAStartup(MAKEWORD(2, 2), &wsa) == 0;
  }();
  (void)started;
#endif
}

SocketHandle start_connect(const std::string& host, uint16_t port, std::string* error) {
  start_sockets();
  addrinfo hints{};
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  std::string service = std::to_string(port);
  if (int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &res); rc != 0) {
    *error = "cannot resolve '" + host + "': " + gai_strerror(rc);
    return kNoSocket;
  }
#if defined(_WIN32)
  SocketHandle s = socket(AF_INET, SOCK_STREAM, 0);
  u_long nonblocking = 1;
  if (s != kNoSocket && ioctlsocket(s, FIONBIO, &nonblocking) != 0) {
    closesocket(s);
    s = kNoSocket;
  }
#else
  SocketHandle s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
#endif
  if (s == kNoSocket) {
    *error = "socket: " + socket_error_text(last_socket_error());
    freeaddrinfo(res);
    return kNoSocket;
  }
  int rc = connect(s, res->ai_addr, static_cast<int>(res->ai_addrlen));
  freeaddrinfo(res);
#if defined(_WIN32)
  bool in_progress = rc != 0 && WSAGetLastError() == WSAEWOULDBLOCK;
#else
  bool in_progress = rc != 0 && errno == EINPROGRESS;
#endif
  if (rc != 0 && !in_progress) {
    *error = "connect: " + socket_error_text(last_socket_error());
    close_socket(s);
    return kNoSocket;
  }
  set_nodelay(s);
  return s;
}

int connect_result(SocketHandle s) {
  int err = 0;
#if defined(_WIN32)
  int len = sizeof err;
  if (getsockopt(s, SOL_SOCKET, SO_ERROR, reinterpret_cast<char*>(&err), &len) != 0) return last_socket_error();
#else
  socklen_t len = sizeof err;
  if (getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len) != 0) return errno;
#endif
  return err;
}

void set_nodelay(SocketHandle s) {
  int one = 1;
  setsockopt(s, IPPROTO_TCP, TCP_NODELAY, reinterpret_cast<const char*>(&one), sizeof one);
}

void close_socket(SocketHandle s) {
#if defined(_WIN32)
  closesocket(s);
#else
  close(s);
#endif
}

void shutdown_both(SocketHandle s) {
#if defined(_WIN32)
  shutdown(s, SD_BOTH);
#else
  shutdown(s, SHUT_RDWR);
#endif
}

long send_some(SocketHandle s, const void* data, size_t len) {
#if defined(_WIN32)
  return send(s, static_cast<const char*>(data), static_cast<int>(len), 0);
#else
  return static_cast<long>(send(s, data, len, MSG_NOSIGNAL));
#endif
}

long recv_some(SocketHandle s, void* data, size_t len) {
#if defined(_WIN32)
  return recv(s, static_cast<char*>(data), static_cast<int>(len), 0);
#else
  return static_cast<long>(recv(s, data, len, 0));
#endif
}

int last_socket_error() {
#if defined(_WIN32)
  return WSAGetLastError();
#else
  return errno;
#endif
}

bool is_transient(int err) {
#if defined(_WIN32)
  return err == WSAEWOULDBLOCK || err == WSAEINTR || err == WSAEINPROGRESS;
#else
  return err == EAGAIN || err == EWOULDBLOCK || err == EINTR;
#endif
}

bool is_refused(int err) {
#if defined(_WIN32)
  return err == WSAECONNREFUSED;
#else
  return err == ECONNREFUSED;
#endif
}

std::string socket_error_text(int err) {
#if defined(_WIN32)
  char text[256] = {};
  DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, nullptr,
                           static_cast<DWORD>(err), 0, text, sizeof text, nullptr);
  while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r' || text[n - 1] == '.')) text[--n] = '\0';
  return n > 0 ? std::string(text) : "error " + std::to_string(err);
#else
  return std::strerror(err);
#endif
}

int poll_sockets(PollFd* fds, size_t count, int timeout_ms) {
#if defined(_WIN32)
  return WSAPoll(fds, static_cast<ULONG>(count), timeout_ms);
#else
  int rc = poll(fds, count, timeout_ms);
  return rc < 0 && errno == EINTR ? 0 : rc;
#endif
}

bool split_host_port(const std::string& s, std::string* host, uint16_t* port) {
  size_t colon = s.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 >= s.size()) return false;
  unsigned long p = 0;
  for (size_t i = colon + 1; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    p = p * 10 + (s[i] - '0');
    if (p > 65535) return false;
  }
  if (p == 0) return false;
  *host = s.substr(0, colon);
  *port = static_cast<uint16_t>(p);
  return true;
}

}  // namespace iocplab::client
