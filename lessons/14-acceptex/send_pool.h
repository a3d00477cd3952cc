// send_pool.h — a pool of send contexts shared by every client: one is taken for each
// WSASend and given back when that send's completion has been dequeued.
#pragma once

#include <mutex>
#include <vector>

#include "io_context.h"

class SendPool {
 public:
  ~SendPool() {
    for (IoContext* io : free_) delete io;
  }
  IoContext* acquire();          // a zeroed context: from the free list, or a new one
  void release(IoContext* io);   // only after its completion: the kernel is done with it
  // For the tests: contexts created so far (the pool's memory) and lent out (sends in flight).
  size_t allocated() { std::lock_guard<std::mutex> guard(lock_); return allocated_; }
  long lent() { std::lock_guard<std::mutex> guard(lock_); return lent_; }

 private:
  std::mutex lock_;
  std::vector<IoContext*> free_;
  size_t allocated_ = 0;
  long lent_ = 0;
};
