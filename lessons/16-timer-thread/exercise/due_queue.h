// due_queue.h — the exercise of stage 16: timer events by due time, and among events due
// at the same moment, first added, first out (std::priority_queue alone does not promise it).
#pragma once

#include <chrono>
#include <cstdint>
#include <queue>
#include <vector>

class DueQueue {
 public:
  using Clock = std::chrono::steady_clock;
  void push(Clock::time_point due, int id);
  bool empty() const { return queue_.empty(); }
  int pop();  // the ID of the earliest event; of equal due times, the one added first
  //ko: 가장 이른 이벤트의 ID. 때가 같으면 먼저 넣은 것

 private:
  struct Entry {
    Clock::time_point due;
    uint64_t order;  // how many were pushed before this one
    //ko: 이것보다 먼저 넣은 개수
    int id;
    bool operator>(const Entry& other) const;  // "comes out later than"
    //ko: "더 나중에 나온다"
  };
  std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> queue_;
  uint64_t pushed_ = 0;
};
