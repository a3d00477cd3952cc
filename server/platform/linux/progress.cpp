// progress.cpp — the port's life: the progress thread that keeps I/O moving when no
// thread waits, and retirement when the last reference goes.
#include <chrono>

#include "internal.h"

namespace iocplab::platform {

void Port::ensure_progress_thread() {
  std::call_once(progress_once_flag_, [this] { progress_ = std::thread([this] { progress_loop(); }); });
}

void Port::stop_progress_thread() {
  {
    std::lock_guard lock(progress_mu_);
    progress_stop_ = true;
  }
  progress_cv_.notify_all();
  // Serialize with ensure_progress_thread: after this call_once, no thread can start.
  std::call_once(progress_once_flag_, [] {});
  if (progress_.joinable()) progress_.join();
}

void Port::progress_loop() {
  constexpr auto kStallTime = std::chrono::milliseconds(10);
  std::unique_lock lock(progress_mu_);
  while (!progress_stop_) {
    progress_cv_.wait_for(lock, kStallTime, [this] { return progress_stop_; });
    if (progress_stop_) break;
    lock.unlock();
    periodic();
    // Stalled: nobody dequeued during the last interval and nobody waits now.
    if (!active_.exchange(false, std::memory_order_relaxed) && !has_waiter() && !closed()) progress_once();
    lock.lock();
  }
}

void Port::retire() {
  teardown();
  // Kept reachable (and never reused): a HANDLE is this object's address.
  static std::mutex mu;
  static auto* graveyard = new std::vector<Port*>;
  std::lock_guard lock(mu);
  graveyard->push_back(this);
}

}  // namespace iocplab::platform
