// observers.h — sessions subscribed to telemetry (CS_OBSERVE 1).
#pragma once

#include <mutex>
#include <unordered_set>
#include <vector>

#include "net/session_sink.h"

namespace iocplab::game {

class Observers {
 public:
  void add(net::SessionId id) {
    std::lock_guard g(lock_);
    ids_.insert(id);
  }
  void remove(net::SessionId id) {
    std::lock_guard g(lock_);
    ids_.erase(id);
  }
  std::vector<net::SessionId> snapshot() const {
    std::lock_guard g(lock_);
    return {ids_.begin(), ids_.end()};
  }

 private:
  mutable std::mutex lock_;
  std::unordered_set<net::SessionId> ids_;
};

}  // namespace iocplab::game
