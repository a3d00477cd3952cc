// name_lock.h — PROTOCOL.md v1.1 "Repeated wrong passwords lock a name": a failure count per
// name, the lock that follows --login-failures of them, and the forgetting that keeps memory
// to the names tried in the last --lockout seconds. Thread-safe; the clock is the caller's.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

namespace iocplab::game {

class NameLock {
 public:
  using Clock = std::chrono::steady_clock;

  // failures 0: never lock (and remember nothing).
  NameLock(uint32_t failures, std::chrono::seconds lockout) : failures_(failures), lockout_(lockout) {}

  // True while the name is locked (every CS_LOGIN for it gets FAIL(5)).
  bool locked(const std::string& name, Clock::time_point now);
  // A wrong password: one more failure; the one that reaches the limit starts the lock.
  void wrong_password(const std::string& name, Clock::time_point now);
  // A right password (SC_LOGIN_OK or FAIL(2)): the count is 0 again.
  void right_password(const std::string& name);
  // Forgets every name whose last wrong password is --lockout seconds old (the timer calls it).
  void forget_expired(Clock::time_point now);
  size_t remembered() const;  // names held right now (tests of bounded memory)

 private:
  struct Entry {
    uint32_t count = 0;
    Clock::time_point forget_at;  // last wrong password + lockout; also the end of a lock
  };
  const uint32_t failures_;
  const Clock::duration lockout_;
  mutable std::mutex lock_;
  std::unordered_map<std::string, Entry> names_;
  // (forget_at, name) of each counted wrong password, oldest first: forget_expired pops the
  // due ones instead of walking every name. Both hold only the last --lockout seconds.
  std::deque<std::pair<Clock::time_point, std::string>> due_;
};

}  // namespace iocplab::game
