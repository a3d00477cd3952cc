// move_queue.h — when each online bot sends its next CS_MOVE. Every entry is due
// "time pushed + move period", so a FIFO ring stays sorted by due time: O(1) timers with
// no allocation after construction. Each bot has at most one entry; entries of bots that
// died are skipped by the caller.
#pragma once

#include <cstdint>
#include <vector>

namespace iocplab::stress {

class MoveQueue {
 public:
  struct Entry {
    uint64_t due_us;
    uint32_t bot;
  };

  explicit MoveQueue(size_t capacity) : ring_(capacity ? capacity : 1) {}

  bool push(Entry e) {
    if (size_ == ring_.size()) return false;
    ring_[(head_ + size_) % ring_.size()] = e;
    ++size_;
    return true;
  }
  bool empty() const { return size_ == 0; }
  const Entry& front() const { return ring_[head_]; }
  void pop() {
    head_ = (head_ + 1) % ring_.size();
    --size_;
  }
  size_t size() const { return size_; }

 private:
  std::vector<Entry> ring_;
  size_t head_ = 0, size_ = 0;
};

}  // namespace iocplab::stress
