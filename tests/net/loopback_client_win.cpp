// LoopbackClient on Winsock (the Windows build): the same blocking client, select() for
// the bounded waits.
#include <winsock2.h>
#include <ws2tcpip.h>

#include <utility>

#include "loopback_client.h"

namespace iocplab::testing {
namespace {
SOCKET as_socket(LoopbackClient::Fd fd) { return static_cast<SOCKET>(fd); }
}  // namespace

LoopbackClient::~LoopbackClient() { close(); }

LoopbackClient::LoopbackClient(LoopbackClient&& o) noexcept { *this = std::move(o); }

LoopbackClient& LoopbackClient::operator=(LoopbackClient&& o) noexcept {
  if (this != &o) {
    close();
    fd_ = std::exchange(o.fd_, kNoFd);
    rcvbuf_ = o.rcvbuf_;
    source_ = o.source_;
    eof_ = o.eof_;
    reset_ = o.reset_;
    buf_ = std::move(o.buf_);
  }
  return *this;
}

void LoopbackClient::set_recv_buffer(int bytes) { rcvbuf_ = bytes; }

uint16_t LoopbackClient::local_port() const {
  sockaddr_in addr{};
  int len = sizeof addr;
  if (fd_ == kNoFd || ::getsockname(as_socket(fd_), reinterpret_cast<sockaddr*>(&addr), &len) != 0) return 0;
  return ntohs(addr.sin_port);
}

bool LoopbackClient::connect(uint16_t port) {
  close();
  static const bool started = [] {
    WSADATA wsa;
    return WSAStartup(MAKEWORD(2, 2), &wsa) == 0;
  }();
  if (!started) return false;
  SOCKET s = ::socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  if (s == INVALID_SOCKET) return false;
  fd_ = static_cast<Fd>(s);
  if (rcvbuf_ > 0)
    ::setsockopt(s, SOL_SOCKET, SO_RCVBUF, reinterpret_cast<const char*>(&rcvbuf_), sizeof rcvbuf_);
  BOOL on = TRUE;
  ::setsockopt(s, IPPROTO_TCP, TCP_NODELAY, reinterpret_cast<const char*>(&on), sizeof on);
  if (source_) {
    sockaddr_in from{};
    from.sin_family = AF_INET;
    if (::inet_pton(AF_INET, source_, &from.sin_addr) != 1 ||
        ::bind(s, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0)
      return false;
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  eof_ = reset_ = false;
  buf_.clear();
  return ::connect(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
}

bool LoopbackClient::send_all(std::span<const uint8_t> bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    int n = ::send(as_socket(fd_), reinterpret_cast<const char*>(bytes.data() + done),
                   static_cast<int>(bytes.size() - done), 0);
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

bool LoopbackClient::fill(std::chrono::steady_clock::time_point deadline) {
  if (fd_ == kNoFd || eof_) return false;
  auto left = std::chrono::duration_cast<std::chrono::microseconds>(deadline - std::chrono::steady_clock::now());
  if (left.count() <= 0) return false;
  fd_set readable;
  FD_ZERO(&readable);
  FD_SET(as_socket(fd_), &readable);
  timeval tv{static_cast<long>(left.count() / 1000000), static_cast<long>(left.count() % 1000000)};
  if (::select(0, &readable, nullptr, nullptr, &tv) <= 0) return false;
  char tmp[16384];
  int n = ::recv(as_socket(fd_), tmp, sizeof tmp, 0);
  if (n == 0) {
    eof_ = true;
    return false;
  }
  if (n < 0) {
    if (WSAGetLastError() == WSAEWOULDBLOCK) return true;
    reset_ = true;
    eof_ = true;
    return false;
  }
  buf_.insert(buf_.end(), tmp, tmp + n);
  return true;
}




void LoopbackClient::half_close() {
  if (fd_ != kNoFd) ::shutdown(as_socket(fd_), SD_SEND);
}

void LoopbackClient::close() {
  if (fd_ != kNoFd) ::closesocket(as_socket(fd_));
  fd_ = kNoFd;
}

}  // namespace iocplab::testing
