#include "hash_pool.h"

#include <algorithm>

namespace iocplab::game {

unsigned HashPool::thread_count(unsigned wanted) {
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  if (wanted == 0) wanted = std::min(2u, cores);
  return std::clamp(wanted, 1u, cores);
}

HashPool::~HashPool() { stop(); }

void HashPool::start(unsigned threads) {
  const unsigned n = thread_count(threads);
  for (unsigned i = 0; i < n; ++i) threads_.emplace_back([this] { run(); });
}

void HashPool::submit(Task task) {
  {
    std::lock_guard g(lock_);
    tasks_.push_back(std::move(task));
  }
  wake_.notify_one();
}

void HashPool::stop() {
  {
    std::lock_guard g(lock_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_) t.join();
  threads_.clear();
}

void HashPool::run() {
  for (;;) {
    Task task;
    {
      std::unique_lock g(lock_);
      wake_.wait(g, [this] { return !tasks_.empty() || stopping_; });
      if (tasks_.empty()) return;  // stopping, and nothing is left
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    task();
  }
}

}  // namespace iocplab::game
