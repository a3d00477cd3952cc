// send_pool.cpp — new once, reuse many times: no allocation per send once warmed up.
#include "send_pool.h"

// [lesson:pool]
IoContext* SendPool::acquire() {
  std::lock_guard<std::mutex> guard(lock_);
  ++lent_;
  if (free_.empty()) {
    ++allocated_;
    return new IoContext{};
  }
  IoContext* io = free_.back();
  free_.pop_back();
  io->overlapped = {};  // a reused OVERLAPPED must be zeroed like a new one
  return io;
}

void SendPool::release(IoContext* io) {
  std::lock_guard<std::mutex> guard(lock_);
  --lent_;
  free_.push_back(io);
}
// [/lesson:pool]

size_t SendPool::allocated() {
  std::lock_guard<std::mutex> guard(lock_);
  return allocated_;
}

long SendPool::lent() {
  std::lock_guard<std::mutex> guard(lock_);
  return lent_;
}

SendPool::~SendPool() {
  for (IoContext* io : free_) delete io;
}
