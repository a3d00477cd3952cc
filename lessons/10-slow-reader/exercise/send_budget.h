// send_budget.h — the exercise of stage 10: count what a client really holds. Every send in
// flight holds a whole IoContext from the pool, however small its packet.
#pragma once

#include <cstddef>

class SendBudget {
 public:
  explicit SendBudget(size_t limit) : limit_(limit) {}
  static size_t cost(size_t wire_bytes);  // the memory one send of wire_bytes holds
  bool take(size_t wire_bytes);           // before posting a send; false: over the limit
  void give_back(size_t wire_bytes);      // at its completion (or when WSASend failed)
  size_t held() const { return held_; }

 private:
  size_t limit_;
  size_t held_ = 0;
};
