// workers.h — the worker thread pool: N threads, each blocked in GetQueuedCompletionStatus.
#pragma once

#include <functional>
#include <thread>
#include <vector>

#include "completion.h"

// A completion posted with this key tells one worker to leave its loop.
constexpr ULONG_PTR kQuitKey = ~ULONG_PTR(0);

// Called on a worker thread for every completion it takes out of the port.
using CompletionHandler = std::function<void(const Completion& c, int worker)>;

// Owns its threads: stop() (or the destructor) posts one quit per worker and joins them all.
class Workers {
 public:
  ~Workers() { stop(); }
  void start(HANDLE port, int count, CompletionHandler handler);
  void stop();
  int count() const { return (int)threads_.size(); }

 private:
  HANDLE port_ = nullptr;
  std::vector<std::thread> threads_;
};

// How many workers by default: one per hardware thread.
int default_worker_count();
