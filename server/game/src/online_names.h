// online_names.h — which account names are logged in right now, and, only while a login
// for that name is waiting at the store, the position it last left with: that login may have
// read the row before the leave's save reached it. Nothing is kept per account that left
// once no login for it is pending (issue 9 §2.6).
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace iocplab::game {

struct Position {
  uint16_t x = 0, y = 0;
};

class OnlineNames {
 public:
  // A CS_LOGIN for name went to the store / its answer was handled (or the session closed).
  // Every login_pending is matched by exactly one login_done.
  void login_pending(const std::string& name);
  void login_done(const std::string& name);
  // False if the name is online. On success *last is the position it left with while this
  // login was pending, if it did.
  bool try_acquire(const std::string& name, std::optional<Position>* last);
  void release(const std::string& name, Position at);
  size_t remembered() const;  // entries held for names not online (tests of bounded memory)

 private:
  mutable std::mutex lock_;
  std::unordered_set<std::string> online_;
  std::unordered_map<std::string, uint32_t> pending_;  // logins at the store, per name
  std::unordered_map<std::string, Position> last_;     // only names in pending_
};

}  // namespace iocplab::game
