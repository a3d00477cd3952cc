#include "waker.h"

#include <cstdint>

#if defined(_WIN32)
#include <ws2tcpip.h>
#else
#include <sys/eventfd.h>
#include <unistd.h>
#endif

namespace iocplab::client {

#if defined(_WIN32)
bool Waker::open() {
  close();
  start_sockets();
  SOCKET s = socket(AF_INET, SOCK_DGRAM, 0);
  if (s == INVALID_SOCKET) return false;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int len = sizeof a;
  u_long nonblocking = 1;
  if (bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      getsockname(s, reinterpret_cast<sockaddr*>(&a), &len) != 0 ||
      connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ioctlsocket(s, FIONBIO, &nonblocking) != 0) {
    closesocket(s);
    return false;
  }
  handle_ = s;
  return true;
}

void Waker::close() {
  if (handle_ != kNoSocket) closesocket(handle_);
  handle_ = kNoSocket;
}

void Waker::wake() {
  if (handle_ == kNoSocket) return;
  char one = 1;
  send(handle_, &one, 1, 0);
}

void Waker::drain() {
  char buf[64];
  while (handle_ != kNoSocket && recv(handle_, buf, sizeof buf, 0) > 0) {
  }
}
#else
bool Waker::open() {
  close();
  handle_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  return handle_ >= 0;
}

void Waker::close() {
  if (handle_ >= 0) ::close(handle_);
  handle_ = kNoSocket;
}

void Waker::wake() {
  if (handle_ < 0) return;
  uint64_t one = 1;
  [[maybe_unused]] ssize_t n = write(handle_, &one, sizeof one);
}

void Waker::drain() {
  uint64_t v;
  [[maybe_unused]] ssize_t n = read(handle_, &v, sizeof v);
}
#endif

}  // namespace iocplab::client
