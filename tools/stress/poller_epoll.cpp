#include <sys/epoll.h>
#include <unistd.h>

#include <cerrno>

#include "poller.h"

namespace iocplab::stress {
namespace {
constexpr int kMaxEvents = 256;
}

Poller::Poller() : epfd_(epoll_create1(EPOLL_CLOEXEC)) {}

Poller::~Poller() {
  if (epfd_ >= 0) ::close(epfd_);
}

bool Poller::ok() const { return epfd_ >= 0; }

bool Poller::add(BotSocket s, uint32_t slot, bool want_write) {
  epoll_event ev{};
  ev.events = EPOLLIN | (want_write ? uint32_t(EPOLLOUT) : 0u);
  ev.data.u64 = slot;
  return epoll_ctl(epfd_, EPOLL_CTL_ADD, s, &ev) == 0;
}

void Poller::modify(BotSocket s, uint32_t slot, bool want_write) {
  epoll_event ev{};
  ev.events = EPOLLIN | (want_write ? uint32_t(EPOLLOUT) : 0u);
  ev.data.u64 = slot;
  epoll_ctl(epfd_, EPOLL_CTL_MOD, s, &ev);
}

void Poller::remove(BotSocket, uint32_t) {}  // close() takes the socket out of the set

int Poller::wait(std::vector<PollEvent>& out, int timeout_ms) {
  epoll_event events[kMaxEvents];
  int max = out.size() < size_t(kMaxEvents) ? int(out.size()) : kMaxEvents;
  int n = epoll_wait(epfd_, events, max, timeout_ms);
  if (n < 0) return errno == EINTR ? 0 : -1;
  for (int i = 0; i < n; ++i) {
    uint32_t e = events[i].events;
    out[size_t(i)] = {uint32_t(events[i].data.u64), (e & EPOLLIN) != 0, (e & EPOLLOUT) != 0,
                      (e & (EPOLLERR | EPOLLHUP)) != 0};
  }
  return n;
}

}  // namespace iocplab::stress
