// send_pool.h — a pool of send contexts shared by every client: one is taken for each
// WSASend and given back when that send's completion has been dequeued.
#pragma once

#include <mutex>
#include <vector>

#include "io_context.h"

class SendPool {
 public:
  ~SendPool();
  IoContext* acquire();          // a zeroed context: from the free list, or a new one
  void release(IoContext* io);   // only after its completion: the kernel is done with it
  size_t allocated();            // contexts created so far: what the pool holds in memory
  long lent();                   // acquired and not released yet: the sends in flight

 private:
  std::mutex lock_;
  std::vector<IoContext*> free_;
  size_t allocated_ = 0;
  long lent_ = 0;
};
