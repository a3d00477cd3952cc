#include "socket_probe.h"

#include <linux/sockios.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

namespace iocplab::abuse {

uint64_t unread_by_server(uint16_t server_port) {
  uint64_t total = 0;
  for (const char* file : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      std::istringstream ss(line);
      std::string sl, local, remote, state, queues;
      ss >> sl >> local >> remote >> state >> queues;
      const auto colon = local.rfind(':');
      if (colon == std::string::npos || state != "01") continue;  // ESTABLISHED only
      if (std::stoul(local.substr(colon + 1), nullptr, 16) != server_port) continue;
      const auto q = queues.find(':');
      if (q != std::string::npos) total += std::stoull(queues.substr(q + 1), nullptr, 16);
    }
  }
  return total;
}

uint64_t unacked(int fd) {
  int n = 0;
  return ::ioctl(fd, SIOCOUTQ, &n) == 0 ? uint64_t(n) : 0;
}

bool peer_gone(int fd) {
  pollfd p{fd, POLLRDHUP, 0};
  return ::poll(&p, 1, 0) > 0 && (p.revents & (POLLHUP | POLLERR | POLLRDHUP));
}

void arm_reset(int fd) {
  linger l{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
}

void set_recv_buffer(int fd, int bytes) { ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes); }

}  // namespace iocplab::abuse
