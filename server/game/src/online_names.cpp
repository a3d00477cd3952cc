#include "online_names.h"

namespace iocplab::game {

bool OnlineNames::try_acquire(const std::string& name, std::optional<Position>* last) {
  std::lock_guard g(lock_);
  if (!online_.insert(name).second) return false;
  auto it = last_.find(name);
  *last = it == last_.end() ? std::nullopt : std::optional<Position>(it->second);
  return true;
}

void OnlineNames::release(const std::string& name, Position at) {
  std::lock_guard g(lock_);
  online_.erase(name);
  last_[name] = at;
}

}  // namespace iocplab::game
