// event_queue.h — a mutex-protected queue between the network threads and the UI
// thread. Producers push; the UI drains everything once per frame (never blocks long).
#pragma once

#include <mutex>
#include <vector>

namespace iocplab::client {

template <class T>
class EventQueue {
 public:
  void push(T item) {
    std::lock_guard lock(mutex_);
    items_.push_back(std::move(item));
  }
  std::vector<T> drain() {
    std::lock_guard lock(mutex_);
    std::vector<T> out;
    out.swap(items_);
    return out;
  }

 private:
  std::mutex mutex_;
  std::vector<T> items_;
};

}  // namespace iocplab::client
