// worker_pool.h — the worker threads: each blocks in GetQueuedCompletionStatus and hands
// every completion to one handler. Per-thread counters are written only by their own
// thread (relaxed atomics, no lock) and read by telemetry from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "completion_port.h"
#include "telemetry_source.h"

namespace iocplab::net {

// What a completion was, for the per-thread counters.
enum class Handled : uint8_t { Accept, Recv, Send, Posted, Other };

class WorkerPool {
 public:
  // A completion with this key and no OVERLAPPED tells one worker to exit.
  static constexpr ULONG_PTR kQuitKey = ~ULONG_PTR(0);
  static constexpr DWORD kWaitSliceMs = 1000;
  using Handler = std::function<Handled(const Completion&)>;

  // The pool borrows port; port must outlive it.
  WorkerPool(CompletionPort& port, Handler handler);
  ~WorkerPool();  // stop()
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void start(unsigned threads);
  void stop();  // one quit completion per thread, then join; idempotent
  unsigned size() const { return count_; }
  std::vector<ThreadStats> stats() const;
  // True on a worker thread of any pool (handlers use it to avoid blocking waits).
  static bool on_worker_thread();
  // This worker's index 0..size()-1 (0 off a worker thread).
  static unsigned worker_index();

 private:
  struct alignas(64) Counters {
    std::atomic<uint32_t> accepts{0}, recvs{0}, sends{0}, posted{0}, errors{0};
    std::atomic<uint32_t> busy_us{0}, wait_us{0};
    // When the current wait in GetQueuedCompletionStatus began (steady µs), 0 when not
    // waiting: a snapshot counts a wait in progress, so an idle thread shows as idle.
    std::atomic<uint64_t> waiting_since_us{0};
  };
  void run(Counters& c, unsigned index);

  CompletionPort& port_;
  Handler handler_;
  std::vector<std::thread> threads_;
  std::unique_ptr<Counters[]> counters_;  // lives until the pool is destroyed
  unsigned count_ = 0;
  std::atomic<bool> quitting_{false};
};

}  // namespace iocplab::net
