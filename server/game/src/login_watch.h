// login_watch.h — sessions waiting for their CS_LOGIN, by deadline, so the timer finds the
// expired ones without walking every session. An entry leaves when its session sends its
// first frame or closes: it holds only sessions awaiting a login, and the deadline of a
// closed session can never close a later session that got the same id.
#pragma once

#include <chrono>
#include <mutex>
#include <set>
#include <unordered_map>
#include <utility>
#include <vector>

#include "net/session_sink.h"

namespace iocplab::game {

class LoginWatch {
 public:
  using Clock = std::chrono::steady_clock;

  explicit LoginWatch(Clock::duration timeout) : timeout_(timeout) {}
  // (Re)starts id's deadline at now + timeout.
  void opened(net::SessionId id) {
    std::lock_guard g(lock_);
    remove_locked(id);
    const auto at = Clock::now() + timeout_;
    by_deadline_.emplace(at, id);
    deadline_.emplace(id, at);
  }
  // id no longer waits (first frame handled, or closed).
  void done(net::SessionId id) {
    std::lock_guard g(lock_);
    remove_locked(id);
  }
  // Sessions whose deadline passed; they leave the watch (the caller checks their phase).
  std::vector<net::SessionId> expired(Clock::time_point now) {
    std::vector<net::SessionId> out;
    std::lock_guard g(lock_);
    while (!by_deadline_.empty() && by_deadline_.begin()->first <= now) {
      out.push_back(by_deadline_.begin()->second);
      deadline_.erase(by_deadline_.begin()->second);
      by_deadline_.erase(by_deadline_.begin());
    }
    return out;
  }
  size_t size() {
    std::lock_guard g(lock_);
    return deadline_.size();
  }

 private:
  void remove_locked(net::SessionId id) {
    auto it = deadline_.find(id);
    if (it == deadline_.end()) return;
    by_deadline_.erase({it->second, id});
    deadline_.erase(it);
  }

  const Clock::duration timeout_;
  std::mutex lock_;
  std::set<std::pair<Clock::time_point, net::SessionId>> by_deadline_;
  std::unordered_map<net::SessionId, Clock::time_point> deadline_;
};

}  // namespace iocplab::game
