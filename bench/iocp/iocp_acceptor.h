// iocp_acceptor.h — a loopback listening socket on a completion port and a pool of
// AcceptEx operations kept posted. The owner re-posts a slot after each accept.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "iocp.h"
#include "iocp_op.h"

namespace iocplab::bench {

class IocpAcceptor {
 public:
  struct Slot {
    IoOp op{OpKind::Accept, this};
    SOCKET socket = INVALID_SOCKET;
    char addresses[2 * (sizeof(sockaddr_storage) + 16)];
  };

  // Listens on 127.0.0.1:port (0: any free port), associated with port under key.
  bool open(HANDLE completion_port, ULONG_PTR key, unsigned short port, std::string* error);
  unsigned short port() const { return port_; }
  // Posts `count` AcceptEx operations.
  bool start(unsigned count, std::string* error);
  // After an accept completion: makes the accepted socket usable (SO_UPDATE_ACCEPT_CONTEXT)
  // and returns it; the slot is posted again with a fresh socket.
  SOCKET take(Slot& slot);
  // After a failed accept completion: drops the slot's socket and posts it again.
  void retry(Slot& slot);
  void close();

 private:
  bool post(Slot& slot);

  SOCKET listen_ = INVALID_SOCKET;
  unsigned short port_ = 0;
  LPFN_ACCEPTEX accept_ex_ = nullptr;
  std::vector<std::unique_ptr<Slot>> slots_;
};

}  // namespace iocplab::bench
