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
  //ko: 다시 쓰는 OVERLAPPED도 새것처럼 0으로 지워야 한다
  return io;
}

void SendPool::release(IoContext* io) {
  std::lock_guard<std::mutex> guard(lock_);
  --lent_;
  free_.push_back(io);
}
// [/lesson:pool]
