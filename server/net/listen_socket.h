// listen_socket.h — the overlapped listening socket (RAII): bound, listening, port known.
#pragma once

#include <cstdint>
#include <string>

#include "iocp.h"

namespace iocplab::net {

class ListenSocket {
 public:
  ListenSocket() = default;
  ~ListenSocket() { close(); }
  ListenSocket(const ListenSocket&) = delete;
  ListenSocket& operator=(const ListenSocket&) = delete;

  // address: dotted IPv4 ("0.0.0.0", "127.0.0.1"); port 0 picks a free port.
  bool open(const std::string& address, uint16_t port, std::string* error);
  void close();  // completes every AcceptEx outstanding on it (with an error)
  SOCKET get() const { return socket_; }
  uint16_t port() const { return port_; }

 private:
  SOCKET socket_ = INVALID_SOCKET;
  uint16_t port_ = 0;
};

}  // namespace iocplab::net
