#include "bot_socket.h"

#include <cerrno>
#include <cstring>

#if !defined(_WIN32)
#include <netinet/tcp.h>
#include <unistd.h>
#endif

namespace iocplab::stress {

#if defined(_WIN32)

bool start_sockets() {
  static const bool started = [] {
    WSADATA wsa;
    return WSAStartup(MAKEWORD(2, 2), &wsa) == 0;
  }();
  return started;
}

BotSocket open_tcp_socket(int family) {
  SOCKET s = socket(family, SOCK_STREAM, 0);
  u_long nonblocking = 1;
  if (s != INVALID_SOCKET && ioctlsocket(s, FIONBIO, &nonblocking) != 0) {
    int err = WSAGetLastError();
    closesocket(s);
    WSASetLastError(err);
    return INVALID_SOCKET;
  }
  return s;
}

void close_socket(BotSocket s) { closesocket(s); }

bool bind_source(BotSocket s, const in_addr& source) {
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_addr = source;
  return bind(s, reinterpret_cast<sockaddr*>(&sin), sizeof sin) == 0;
}

bool start_connect(BotSocket s, const sockaddr* to, SockLen len) {
  return connect(s, to, len) == 0 || WSAGetLastError() == WSAEWOULDBLOCK;
}

long send_some(BotSocket s, const void* data, size_t len) {
  return send(s, static_cast<const char*>(data), int(len), 0);
}

long recv_some(BotSocket s, void* data, size_t len) { return recv(s, static_cast<char*>(data), int(len), 0); }

int last_error() { return WSAGetLastError(); }
bool would_block(int err) { return err == WSAEWOULDBLOCK; }
bool interrupted(int err) { return err == WSAEINTR; }
bool out_of_descriptors(int err) { return err == WSAEMFILE || err == WSAENOBUFS; }
int refused_error() { return WSAECONNREFUSED; }

std::string error_text(int err) {
  char text[256] = {};
  DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, nullptr, DWORD(err), 0, text,
                           sizeof text, nullptr);
  while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r' || text[n - 1] == '.')) text[--n] = '\0';
  return n > 0 ? std::string(text) : "error " + std::to_string(err);
}

#else

bool start_sockets() { return true; }

BotSocket open_tcp_socket(int family) { return ::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0); }

void close_socket(BotSocket s) { ::close(s); }

bool bind_source(BotSocket s, const in_addr& source) {
  int one = 1;
  setsockopt(s, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_addr = source;
  return ::bind(s, reinterpret_cast<sockaddr*>(&sin), sizeof sin) == 0;
}

bool start_connect(BotSocket s, const sockaddr* to, SockLen len) {
  return ::connect(s, to, len) == 0 || errno == EINPROGRESS;
}

long send_some(BotSocket s, const void* data, size_t len) { return long(::send(s, data, len, MSG_NOSIGNAL)); }

long recv_some(BotSocket s, void* data, size_t len) { return long(::recv(s, data, len, 0)); }

int last_error() { return errno; }
bool would_block(int err) { return err == EAGAIN || err == EWOULDBLOCK; }
bool interrupted(int err) { return err == EINTR; }
bool out_of_descriptors(int err) { return err == EMFILE || err == ENFILE; }
int refused_error() { return ECONNREFUSED; }
std::string error_text(int err) { return std::strerror(err); }

#endif

void set_nodelay(BotSocket s) {
  int one = 1;  // moves are tiny: no Nagle delay
  setsockopt(s, IPPROTO_TCP, TCP_NODELAY, reinterpret_cast<const char*>(&one), sizeof one);
}

int pending_error(BotSocket s) {
  int err = 0;
  SockLen len = sizeof err;
  getsockopt(s, SOL_SOCKET, SO_ERROR, reinterpret_cast<char*>(&err), &len);
  return err;
}

}  // namespace iocplab::stress
