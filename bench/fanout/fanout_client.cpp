// fanout_client — the fan-out benchmark's receiving side: opens --conns connections, reads
// everything the server sends until every connection has ended (or --max-seconds), and
// prints how many 16-byte updates arrived and at what rate (first byte to last byte).
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <vector>

#include "fd_limit.h"
#include "flags.h"

int main(int argc, char** argv) {
  using namespace iocplab::bench;
  using Clock = std::chrono::steady_clock;
  Flags flags(argc, argv,
              "usage: iocplab-bench-fanout-client --port P [--conns 1000] [--max-seconds 60]\n"
              "Prints: delivered_updates=N seconds=S delivered_per_s=X\n");
  flags.check_known({"--port", "--conns", "--max-seconds"});
  raise_fd_limit();
  long port = flags.num("--port", 0), conns = flags.num("--conns", 1000);
  double max_s = flags.real("--max-seconds", 60);
  if (port <= 0 || port > 65535 || conns <= 0) {
    std::fprintf(stderr, "need --port 1..65535 and --conns > 0\n");
    return 2;
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int ep = epoll_create1(0);
  for (long i = 0; i < conns; ++i) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0) {
      std::fprintf(stderr, "fanout client: connect: %s\n", strerror(errno));
      return 1;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL, 0) | O_NONBLOCK);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = fd;
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
  }
  std::vector<char> buf(1 << 16);
  uint64_t bytes = 0;
  long open = conns;
  Clock::time_point first{}, last{};
  auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(max_s));
  epoll_event events[256];
  while (open > 0 && Clock::now() < deadline) {
    int n = epoll_wait(ep, events, 256, 100);
    for (int i = 0; i < n; ++i) {
      int fd = events[i].data.fd;
      for (;;) {
        ssize_t r = recv(fd, buf.data(), buf.size(), 0);
        if (r > 0) {
          if (bytes == 0) first = Clock::now();
          bytes += static_cast<uint64_t>(r);
          continue;
        }
        if (r < 0 && errno == EINTR) continue;
        if (r < 0 && errno == EAGAIN) break;
        close(fd);  // end of stream or reset: this connection is done
        --open;
        break;
      }
    }
    if (bytes) last = Clock::now();
  }
  double secs = std::chrono::duration<double>(last - first).count();
  uint64_t updates = bytes / 16;
  std::printf("delivered_updates=%llu seconds=%.2f delivered_per_s=%.0f open_at_end=%ld\n",
              static_cast<unsigned long long>(updates), secs, secs > 0 ? static_cast<double>(updates) / secs : 0.0, open);
  return 0;
}
