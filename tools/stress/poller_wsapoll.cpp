#include "poller.h"

namespace iocplab::stress {

Poller::Poller() { start_sockets(); }

Poller::~Poller() = default;

bool Poller::ok() const { return true; }

bool Poller::add(BotSocket s, uint32_t slot, bool want_write) {
  if (index_of_.size() <= slot) index_of_.resize(size_t(slot) + 1, 0);
  fds_.push_back({s, short(POLLRDNORM | (want_write ? POLLWRNORM : 0)), 0});
  slot_of_.push_back(slot);
  index_of_[slot] = uint32_t(fds_.size());
  return true;
}

void Poller::modify(BotSocket, uint32_t slot, bool want_write) {
  if (slot >= index_of_.size() || index_of_[slot] == 0) return;
  fds_[index_of_[slot] - 1].events = short(POLLRDNORM | (want_write ? POLLWRNORM : 0));
}

void Poller::remove(BotSocket, uint32_t slot) {
  if (slot >= index_of_.size() || index_of_[slot] == 0) return;
  size_t i = index_of_[slot] - 1, last = fds_.size() - 1;
  fds_[i] = fds_[last];  // the last one moves into the hole
  slot_of_[i] = slot_of_[last];
  index_of_[slot_of_[i]] = uint32_t(i + 1);
  fds_.pop_back();
  slot_of_.pop_back();
  index_of_[slot] = 0;
}

int Poller::wait(std::vector<PollEvent>& out, int timeout_ms) {
  if (fds_.empty()) {
    Sleep(DWORD(timeout_ms));
    return 0;
  }
  int ready = WSAPoll(fds_.data(), ULONG(fds_.size()), timeout_ms);
  if (ready < 0) return WSAGetLastError() == WSAEINTR ? 0 : -1;
  int n = 0;
  for (size_t i = 0; i < fds_.size() && n < ready && size_t(n) < out.size(); ++i) {
    short e = fds_[i].revents;
    if (e == 0) continue;
    out[size_t(n++)] = {slot_of_[i], (e & POLLRDNORM) != 0, (e & POLLWRNORM) != 0,
                        (e & (POLLERR | POLLHUP | POLLNVAL)) != 0};
  }
  return n;
}

}  // namespace iocplab::stress
