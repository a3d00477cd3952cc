#include "listen_socket.h"

#include <cstring>

namespace iocplab::net {

bool ListenSocket::open(const std::string& address, uint16_t port, std::string* error) {
  auto fail = [&](const char* what) {
    if (error) *error = std::string(what) + " failed (error " + std::to_string(WSAGetLastError()) + ")";
    close();
    return false;
  };
  socket_ = WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP, nullptr, 0, WSA_FLAG_OVERLAPPED);
  if (socket_ == INVALID_SOCKET) return fail("WSASocket");
  int on = 1;
  setsockopt(socket_, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const char*>(&on), sizeof on);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  if (inet_pton(AF_INET, address.c_str(), &addr.sin_addr) != 1) {
    if (error) *error = "bad listen address " + address;
    close();
    return false;
  }
  if (bind(socket_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == SOCKET_ERROR) return fail("bind");
  if (listen(socket_, SOMAXCONN) == SOCKET_ERROR) return fail("listen");
  sockaddr_in bound{};
  int len = sizeof bound;
  if (getsockname(socket_, reinterpret_cast<sockaddr*>(&bound), &len) == SOCKET_ERROR)
    return fail("getsockname");
  port_ = ntohs(bound.sin_port);
  return true;
}

void ListenSocket::close() {
  if (socket_ != INVALID_SOCKET) closesocket(socket_);
  socket_ = INVALID_SOCKET;
}

}  // namespace iocplab::net
