// online_names.h — which account names are logged in right now, and the last position of
// each account that left during this run (fresher than the database row while its save is
// still queued on the store thread).
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
  // False if the name is online. On success *last is the position it left with, if any.
  bool try_acquire(const std::string& name, std::optional<Position>* last);
  void release(const std::string& name, Position at);

 private:
  std::mutex lock_;
  std::unordered_set<std::string> online_;
  std::unordered_map<std::string, Position> last_;
};

}  // namespace iocplab::game
