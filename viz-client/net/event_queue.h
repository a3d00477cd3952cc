// event_queue.h — a mutex-protected queue between the network threads and the UI
// thread. Producers push; the UI drains everything once per frame (never blocks long).
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <vector>

namespace iocplab::client {

template <class T>
class EventQueue {
 public:
  void push(T item) {
    {
      std::lock_guard lock(mutex_);
      items_.push_back(std::move(item));
    }
    ready_.notify_all();
  }
  std::vector<T> drain() {
    std::lock_guard lock(mutex_);
    std::vector<T> out;
    out.swap(items_);
    return out;
  }
  // For tools and tests: waits up to timeout for at least one item, then drains.
  std::vector<T> wait_drain(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    ready_.wait_for(lock, timeout, [&] { return !items_.empty(); });
    std::vector<T> out;
    out.swap(items_);
    return out;
  }

 private:
  std::condition_variable ready_;
  std::mutex mutex_;
  std::vector<T> items_;
};

}  // namespace iocplab::client
