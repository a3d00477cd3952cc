// epoll_echo_server — the floor: one thread, edge-triggered epoll, non-blocking sockets,
// read until EAGAIN and write straight back. No framework, no completions, no locks.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <csignal>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>

#include "flags.h"
#include "run_until_signal.h"

namespace iocplab::bench {
namespace {

struct Connection {
  int fd;
  size_t pending_off = 0, pending_len = 0;  // bytes read but not yet written back
  std::unique_ptr<char[]> buffer;
  explicit Connection(int f, size_t size) : fd(f), buffer(new char[size]) {}
};

class EpollEcho {
 public:
  explicit EpollEcho(size_t buffer_size) : buffer_size_(buffer_size) {}

  bool open(unsigned short port, std::string* error) {
    listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int one = 1;
    setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), len) < 0 || listen(listen_fd_, SOMAXCONN) < 0 ||
        getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) < 0) {
      *error = std::string("bind/listen: ") + strerror(errno);
      return false;
    }
    port_ = ntohs(addr.sin_port);
    epoll_fd_ = epoll_create1(0);
    stop_fd_ = eventfd(0, EFD_NONBLOCK);
    epoll_event ev{};
    ev.events = EPOLLIN;  // the listener stays level-triggered: accept one batch per wake
    ev.data.ptr = &listen_fd_;
    epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &ev);
    ev.data.ptr = &stop_fd_;
    epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, stop_fd_, &ev);
    return true;
  }
  unsigned short port() const { return port_; }
  void request_stop() {
    uint64_t one = 1;
    (void)!write(stop_fd_, &one, sizeof one);
  }

  void run() {
    epoll_event events[256];
    for (;;) {
      int n = epoll_wait(epoll_fd_, events, 256, -1);
      for (int i = 0; i < n; ++i) {
        void* p = events[i].data.ptr;
        if (p == &stop_fd_) return;
        if (p == &listen_fd_) {
          accept_all();
          continue;
        }
        auto* c = static_cast<Connection*>(p);
        if (events[i].events & (EPOLLERR | EPOLLHUP)) {
          close_connection(c);
          continue;
        }
        bool readable = events[i].events & (EPOLLIN | EPOLLRDHUP);
        if ((events[i].events & EPOLLOUT) && c->pending_len) {
          if (!flush(c) || c->pending_len) continue;
          readable = true;  // reading stopped while the send buffer was full
        }
        if (readable) echo(c);
      }
    }
  }

 private:
  void accept_all() {
    for (;;) {
      int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK);
      if (fd < 0) return;
      int one = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      auto* c = new Connection(fd, buffer_size_);
      epoll_event ev{};
      ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
      ev.data.ptr = c;
      epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev);
    }
  }

  // Edge-triggered: read until drained, writing each chunk back at once. Returns with
  // bytes pending only when the socket's send buffer is full (EPOLLOUT resumes it).
  void echo(Connection* c) {
    for (;;) {
      ssize_t r = read(c->fd, c->buffer.get(), buffer_size_);
      if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) {
        close_connection(c);
        return;
      }
      if (r < 0) return;
      c->pending_off = 0;
      c->pending_len = static_cast<size_t>(r);
      if (!flush(c) || c->pending_len) return;
      // A short read drained the socket; bytes arriving later raise a new edge, so the
      // read that would only say EAGAIN is skipped.
      if (static_cast<size_t>(r) < buffer_size_) return;
    }
  }

  // Writes pending bytes; false when the connection was closed.
  bool flush(Connection* c) {
    while (c->pending_len) {
      ssize_t w = send(c->fd, c->buffer.get() + c->pending_off, c->pending_len, MSG_NOSIGNAL);
      if (w < 0) {
        if (errno == EAGAIN) return true;
        if (errno == EINTR) continue;
        close_connection(c);
        return false;
      }
      c->pending_off += static_cast<size_t>(w);
      c->pending_len -= static_cast<size_t>(w);
    }
    return true;
  }

  void close_connection(Connection* c) {
    close(c->fd);  // also removes it from the epoll set
    delete c;
  }

  size_t buffer_size_;
  int listen_fd_ = -1, epoll_fd_ = -1, stop_fd_ = -1;
  unsigned short port_ = 0;
};

}  // namespace
}  // namespace iocplab::bench

int main(int argc, char** argv) {
  using namespace iocplab::bench;
  Flags flags(argc, argv,
              "usage: iocplab-bench-epoll-echo [--port 0] [--buffer 16384]\n"
              "Single-threaded edge-triggered epoll echo; prints 'listening on PORT', serves until SIGINT/SIGTERM.\n");
  flags.check_known({"--port", "--buffer"});
  block_stop_signals();
  EpollEcho echo(static_cast<size_t>(flags.num("--buffer", 16384)));
  std::string error;
  if (!echo.open(static_cast<unsigned short>(flags.num("--port", 0)), &error)) {
    std::fprintf(stderr, "epoll echo: %s\n", error.c_str());
    return 1;
  }
  std::thread stopper([&] {
    wait_for_stop_signal();
    echo.request_stop();
  });
  announce_port(echo.port());
  echo.run();
  stopper.join();
  return 0;
}
