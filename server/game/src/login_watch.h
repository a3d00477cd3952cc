// login_watch.h — sessions waiting for their CS_LOGIN, oldest first, so the timer finds
// the expired ones without walking every session.
#pragma once

#include <chrono>
#include <deque>
#include <mutex>
#include <utility>
#include <vector>

#include "net/session_sink.h"

namespace iocplab::game {

class LoginWatch {
 public:
  using Clock = std::chrono::steady_clock;

  explicit LoginWatch(Clock::duration timeout) : timeout_(timeout) {}
  void opened(net::SessionId id) {
    std::lock_guard g(lock_);
    queue_.emplace_back(Clock::now() + timeout_, id);
  }
  // Sessions whose deadline passed (the caller checks whether they logged in meanwhile).
  std::vector<net::SessionId> expired(Clock::time_point now) {
    std::vector<net::SessionId> out;
    std::lock_guard g(lock_);
    while (!queue_.empty() && queue_.front().first <= now) {
      out.push_back(queue_.front().second);
      queue_.pop_front();
    }
    return out;
  }

 private:
  const Clock::duration timeout_;
  std::mutex lock_;
  std::deque<std::pair<Clock::time_point, net::SessionId>> queue_;
};

}  // namespace iocplab::game
