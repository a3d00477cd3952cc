#include "name_lock.h"

namespace iocplab::game {

bool NameLock::locked(const std::string& name, Clock::time_point now) {
  if (failures_ == 0) return false;
  std::lock_guard g(lock_);
  auto it = names_.find(name);
  if (it == names_.end()) return false;
  if (it->second.forget_at <= now) {  // lock over (or count forgotten): 0 again
    names_.erase(it);
    return false;
  }
  return it->second.count >= failures_;
}

void NameLock::wrong_password(const std::string& name, Clock::time_point now) {
  if (failures_ == 0) return;
  std::lock_guard g(lock_);
  Entry& e = names_[name];
  if (e.count > 0 && e.forget_at <= now) e.count = 0;  // forgotten, not yet swept
  if (e.count >= failures_) return;                    // already locked: adds nothing
  ++e.count;
  e.forget_at = now + lockout_;
  due_.emplace_back(e.forget_at, name);
}

void NameLock::right_password(const std::string& name) {
  if (failures_ == 0) return;
  std::lock_guard g(lock_);
  names_.erase(name);
}

void NameLock::forget_expired(Clock::time_point now) {
  std::lock_guard g(lock_);
  while (!due_.empty() && due_.front().first <= now) {
    auto it = names_.find(due_.front().second);
    if (it != names_.end() && it->second.forget_at <= now) names_.erase(it);  // not renewed since
    due_.pop_front();
  }
}

size_t NameLock::remembered() const {
  std::lock_guard g(lock_);
  return names_.size() + due_.size();
}

}  // namespace iocplab::game
