#include "online_names.h"

namespace iocplab::game {

void OnlineNames::login_pending(const std::string& name) {
  std::lock_guard g(lock_);
  ++pending_[name];
}

void OnlineNames::login_done(const std::string& name) {
  std::lock_guard g(lock_);
  auto it = pending_.find(name);
  if (it == pending_.end()) return;
  if (--it->second == 0) {
    pending_.erase(it);
    last_.erase(name);  // later logins read a row that already has the save
  }
}

bool OnlineNames::try_acquire(const std::string& name, std::optional<Position>* last) {
  std::lock_guard g(lock_);
  if (!online_.insert(name).second) return false;
  auto it = last_.find(name);
  *last = it == last_.end() ? std::nullopt : std::optional<Position>(it->second);
  return true;
}

// The save is queued on the store before this, so a login queued after it reads it.
void OnlineNames::release(const std::string& name, Position at) {
  std::lock_guard g(lock_);
  online_.erase(name);
  if (pending_.count(name)) last_[name] = at;
  else last_.erase(name);
}

size_t OnlineNames::remembered() const {
  std::lock_guard g(lock_);
  return last_.size() + pending_.size();
}

}  // namespace iocplab::game
