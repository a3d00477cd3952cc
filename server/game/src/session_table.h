// session_table.h — session id -> game session, shared by all worker threads.
#pragma once

#include <memory>
#include <shared_mutex>
#include <unordered_map>
#include <vector>

#include "session.h"

namespace iocplab::game {

class SessionTable {
 public:
  std::shared_ptr<Session> add(net::SessionId id) {
    auto s = std::make_shared<Session>(id);
    std::unique_lock g(lock_);
    map_[id] = s;
    return s;
  }
  std::shared_ptr<Session> find(net::SessionId id) const {
    std::shared_lock g(lock_);
    auto it = map_.find(id);
    return it == map_.end() ? nullptr : it->second;
  }
  std::shared_ptr<Session> remove(net::SessionId id) {
    std::unique_lock g(lock_);
    auto it = map_.find(id);
    if (it == map_.end()) return nullptr;
    auto s = std::move(it->second);
    map_.erase(it);
    return s;
  }
  std::vector<std::shared_ptr<Session>> all() const {
    std::shared_lock g(lock_);
    std::vector<std::shared_ptr<Session>> v;
    v.reserve(map_.size());
    for (auto& [id, s] : map_) v.push_back(s);
    return v;
  }

 private:
  mutable std::shared_mutex lock_;
  std::unordered_map<net::SessionId, std::shared_ptr<Session>> map_;
};

}  // namespace iocplab::game
