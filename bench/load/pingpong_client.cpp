// pingpong_client — the load client of the ping-pong benchmark: C connections, each with
// exactly one message of M bytes in flight; when all M bytes have come back the round
// trip is timed and the next message goes out. Level-triggered epoll, loopback only; with
// --threads T the connections are dealt out to T threads, each with its own epoll set and
// histogram (merged at the end), so that a fast server is not measured against one client
// core. Prints one line: echoes, msgs_per_s, p50_us, p99_us (the first --warmup seconds are
// not counted).
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "fd_limit.h"
#include "flags.h"
#include "latency_histogram.h"

namespace iocplab::bench {
namespace {

uint64_t now_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}

struct Connection {
  int fd = -1;
  size_t sent = 0;      // bytes of the current message written so far
  size_t received = 0;  // bytes of the current echo read so far
  uint64_t sent_at = 0;
  bool want_out = false;
};

class PingPong {
 public:
  PingPong(size_t size, bool framed) : size_(size), message_(size, 'x'), sink_(size) {
    if (framed) frame_message();
  }

  bool connect_all(const char* host, unsigned short port, int count, std::string* error) {
    epoll_fd_ = epoll_create1(0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    if (inet_pton(AF_INET, host, &addr.sin_addr) != 1 || (ntohl(addr.sin_addr.s_addr) >> 24) != 127) {
      *error = "loopback (127.0.0.0/8) targets only";
      return false;
    }
    conns_.resize(static_cast<size_t>(count));
    for (auto& c : conns_) {
      c.fd = socket(AF_INET, SOCK_STREAM, 0);
      if (c.fd < 0 || connect(c.fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0) {
        *error = std::string("connect: ") + strerror(errno);
        return false;
      }
      int one = 1;
      setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      fcntl(c.fd, F_SETFL, fcntl(c.fd, F_GETFL, 0) | O_NONBLOCK);
      epoll_event ev{};
      ev.events = EPOLLIN;
      ev.data.ptr = &c;
      epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, c.fd, &ev);
    }
    return true;
  }

  // Runs from `start` (now_ns() time, shared by every thread) for warmup + measured seconds;
  // false when a connection failed.
  bool run(uint64_t start, double warmup_s, double seconds) {
    uint64_t measure_from = start + static_cast<uint64_t>(warmup_s * 1e9);
    uint64_t end = measure_from + static_cast<uint64_t>(seconds * 1e9);
    for (auto& c : conns_)
      if (!start_message(c, start)) return false;
    epoll_event events[512];
    uint64_t now = start;
    while (now < end) {
      int timeout_ms = static_cast<int>((end - now) / 1000000) + 1;
      int n = epoll_wait(epoll_fd_, events, 512, timeout_ms);
      now = now_ns();
      measuring_ = now >= measure_from && now < end;
      for (int i = 0; i < n; ++i) {
        auto* c = static_cast<Connection*>(events[i].data.ptr);
        if ((events[i].events & EPOLLOUT) && !write_rest(*c)) return false;
        if ((events[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) && !read_echo(*c, now)) return false;
      }
    }
    return true;
  }

  uint64_t echoes() const { return echoes_; }
  uint64_t all_echoes() const { return all_echoes_; }  // warm-up included
  const std::string& failure() const { return failure_; }
  const LatencyHistogram& histogram() const { return hist_; }

 private:
  // For the framework's echo: the message becomes wire-protocol frames (u16 size, u8 type,
  // payload; 3..1024 bytes each), so every byte still comes back as sent.
  void frame_message() {
    size_t at = 0;
    while (at < size_) {
      size_t left = size_ - at, n = left < 1024 ? left : 1024;
      if (left - n > 0 && left - n < 3) n = left - 3;  // the last frame needs its 3-byte header
      message_[at] = static_cast<char>(n & 0xff);
      message_[at + 1] = static_cast<char>(n >> 8);
      message_[at + 2] = 3;  // CS_CHAT; the network layer only checks the size
      at += n;
    }
  }

  bool start_message(Connection& c, uint64_t now) {
    c.sent = 0;
    c.received = 0;
    c.sent_at = now;
    return write_rest(c);
  }

  bool write_rest(Connection& c) {
    while (c.sent < size_) {
      ssize_t w = send(c.fd, message_.data() + c.sent, size_ - c.sent, MSG_NOSIGNAL);
      if (w < 0) {
        if (errno == EINTR) continue;
        if (errno == EAGAIN) return want_out(c, true);
        failure_ = std::string("send: ") + strerror(errno);
        return false;
      }
      c.sent += static_cast<size_t>(w);
    }
    return want_out(c, false);
  }

  bool want_out(Connection& c, bool on) {
    if (c.want_out == on) return true;
    c.want_out = on;
    epoll_event ev{};
    ev.events = EPOLLIN | (on ? EPOLLOUT : 0u);
    ev.data.ptr = &c;
    epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, c.fd, &ev);
    return true;
  }

  bool read_echo(Connection& c, uint64_t now) {
    for (;;) {
      ssize_t r = recv(c.fd, sink_.data(), size_ - c.received, MSG_DONTWAIT);
      if (r == 0) {
        failure_ = "the server closed a connection";
        return false;
      }
      if (r < 0) {
        if (errno == EINTR) continue;
        if (errno == EAGAIN) return true;
        failure_ = std::string("recv: ") + strerror(errno);
        return false;
      }
      c.received += static_cast<size_t>(r);
      if (c.received > c.sent) {
        failure_ = "the server sent more than was sent to it";
        return false;
      }
      if (c.received == size_) {
        ++all_echoes_;
        if (measuring_) {
          ++echoes_;
          hist_.add_ns(now - c.sent_at);
        }
        return start_message(c, now);
      }
    }
  }

  size_t size_;
  std::vector<char> message_, sink_;
  LatencyHistogram hist_;
  std::vector<Connection> conns_;
  int epoll_fd_ = -1;
  bool measuring_ = false;
  uint64_t echoes_ = 0, all_echoes_ = 0;
  std::string failure_;
};

}  // namespace
}  // namespace iocplab::bench

int main(int argc, char** argv) {
  using namespace iocplab::bench;
  Flags flags(argc, argv,
              "usage: iocplab-bench-pingpong [--host 127.0.0.1] --port P [--conns 100] [--size 128]\n"
              "                              [--seconds 5] [--warmup 1] [--framed 0|1] [--threads 1]\n"
              "Ping-pong load: each connection keeps one message of --size bytes in flight.\n"
              "--framed 1 sends each message as wire-protocol frames (for iocplab-bench-net-echo).\n"
              "--threads T deals the connections out to T client threads (1..64, at most --conns).\n"
              "Prints: conns=C threads=T size=M echoes=N all_echoes=W msgs_per_s=X p50_us=A p99_us=B p999_us=D max_us=E\n"
              "       client_cpu_s=T   (all_echoes and client_cpu_s include connecting and the warm-up)\n");
  flags.check_known({"--host", "--port", "--conns", "--size", "--seconds", "--warmup", "--framed", "--threads"});
  raise_fd_limit();
  long port = flags.num("--port", 0);
  long conns = flags.num("--conns", 100);
  long size = flags.num("--size", 128);
  double seconds = flags.real("--seconds", 5), warmup = flags.real("--warmup", 1);
  bool framed = flags.num("--framed", 0) != 0;
  long threads = flags.num("--threads", 1);
  if (port <= 0 || port > 65535 || conns <= 0 || size < (framed ? 3 : 1) || seconds <= 0 || warmup < 0 ||
      threads < 1 || threads > 64 || threads > conns) {
    std::fprintf(stderr, "need --port 1..65535, --conns > 0, --size > 0 (>= 3 framed), --seconds > 0, "
                         "--threads 1..64 and <= --conns\n");
    return 2;
  }
  // Connection i goes to thread i % threads; every thread starts from the same instant.
  std::vector<std::unique_ptr<PingPong>> parts;
  std::string error;
  for (long t = 0; t < threads; ++t) {
    parts.push_back(std::make_unique<PingPong>(static_cast<size_t>(size), framed));
    int share = static_cast<int>(conns / threads + (t < conns % threads ? 1 : 0));
    if (!parts.back()->connect_all(flags.str("--host", "127.0.0.1").c_str(), static_cast<unsigned short>(port), share,
                                   &error)) {
      std::fprintf(stderr, "pingpong: %s\n", error.c_str());
      return 1;
    }
  }
  const uint64_t start = now_ns();
  std::vector<char> ok(parts.size(), 0);
  std::vector<std::thread> runners;
  for (size_t t = 0; t < parts.size(); ++t)
    runners.emplace_back([&, t] { ok[t] = parts[t]->run(start, warmup, seconds) ? 1 : 0; });
  for (auto& r : runners) r.join();
  LatencyHistogram hist;
  uint64_t echoes = 0, all_echoes = 0;
  for (size_t t = 0; t < parts.size(); ++t) {
    if (!ok[t]) {
      std::fprintf(stderr, "pingpong: %s\n", parts[t]->failure().c_str());
      return 1;
    }
    hist.merge(parts[t]->histogram());
    echoes += parts[t]->echoes();
    all_echoes += parts[t]->all_echoes();
  }
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  double cpu_s = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                 static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
  std::printf("conns=%ld threads=%ld size=%ld echoes=%llu all_echoes=%llu msgs_per_s=%.0f p50_us=%u p99_us=%u p999_us=%u max_us=%llu "
              "client_cpu_s=%.2f\n",
              conns, threads, size, static_cast<unsigned long long>(echoes), static_cast<unsigned long long>(all_echoes),
              static_cast<double>(echoes) / seconds,
              hist.percentile_us(0.50), hist.percentile_us(0.99), hist.percentile_us(0.999),
              static_cast<unsigned long long>(hist.max_us()), cpu_s);
  return 0;
}
