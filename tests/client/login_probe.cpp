#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "headless_support.h"
#include "protocol/packet_assembler.h"
#include "protocol/protocol.h"

namespace iocplab::client::testing {

LoginAnswer login_once(uint16_t port, const std::string& name, const std::string& password) {
  LoginAnswer a;
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) { close(fd); return a; }
  auto login = iocplab::proto::to_bytes(iocplab::proto::make_login(name, password));
  send(fd, login.data(), login.size(), MSG_NOSIGNAL);
  iocplab::proto::PacketAssembler asmb;
  bool answered = false;
  for (int i = 0; i < 100 && !answered; ++i) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 5000) != 1) break;
    uint8_t buf[2048];
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    asmb.feed(std::span<const uint8_t>(buf, size_t(n)), [&](std::span<const uint8_t> f) {
      iocplab::proto::ScLoginOk ok;
      iocplab::proto::ScLoginFail fail;
      if (!answered && iocplab::proto::decode(f, ok) == iocplab::proto::DecodeError::None) {
        a.ok = true; a.x = ok.x; a.y = ok.y; answered = true;
      } else if (!answered && iocplab::proto::decode(f, fail) == iocplab::proto::DecodeError::None) {
        a.fail_reason = fail.reason; answered = true;
      }
    });
  }
  auto logout = iocplab::proto::to_bytes(iocplab::proto::CsLogout{});
  send(fd, logout.data(), logout.size(), MSG_NOSIGNAL);
  close(fd);
  return a;
}

}  // namespace iocplab::client::testing
