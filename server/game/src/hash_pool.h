// hash_pool.h — the threads that run Argon2id (hash and verify) for the account store: off
// the workers and off the store thread, so a 10 ms hash stalls neither frames nor other
// logins' database batches. At most threads() hashes run at once, each holding its own
// --hash-memory, which is what bounds the hashing part of the server's memory.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace iocplab::game {

class HashPool {
 public:
  using Task = std::function<void()>;

  // 0: min(2, cores). Never more threads than cores (PROTOCOL.md v1.1).
  static unsigned thread_count(unsigned wanted);

  HashPool() = default;
  ~HashPool();  // stop()
  HashPool(const HashPool&) = delete;
  HashPool& operator=(const HashPool&) = delete;

  void start(unsigned threads);  // thread_count(threads) threads
  void submit(Task task);        // runs on one of the pool's threads, in queue order
  void stop();                   // runs every queued task, then joins the threads
  unsigned threads() const { return unsigned(threads_.size()); }

 private:
  void run();

  std::mutex lock_;
  std::condition_variable wake_;
  std::deque<Task> tasks_;  // guarded by lock_
  bool stopping_ = false;   // guarded by lock_
  std::vector<std::thread> threads_;
};

}  // namespace iocplab::game
