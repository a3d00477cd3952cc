// workers.cpp — the worker threads and their loop.
#include "workers.h"

// [lesson:worker-loop]
static void worker_loop(HANDLE port, int index, const CompletionHandler& handler) {
  for (;;) {
    // The thread sleeps inside the kernel until the port has a completion for it.
    Completion c = dequeue_completion(port, INFINITE);
    if (c.key == kQuitKey) return;                   // stop() asked this thread to leave
    if (!c.ok && c.overlapped == nullptr) return;    // the port itself is gone
    handler(c, index);  // a failed operation (ok == false) is the handler's to clean up
  }
}
// [/lesson:worker-loop]

// [lesson:start]
void Workers::start(HANDLE port, int count, CompletionHandler handler) {
  port_ = port;
  for (int i = 0; i < count; ++i)
    threads_.emplace_back([port, i, handler] { worker_loop(port, i, handler); });
}
// [/lesson:start]

// [lesson:stop]
void Workers::stop() {
  // One quit per thread: each completion wakes exactly one waiting worker.
  for (size_t i = 0; i < threads_.size(); ++i)
    PostQueuedCompletionStatus(port_, 0, kQuitKey, nullptr);
  for (std::thread& t : threads_) t.join();
  threads_.clear();
}
// [/lesson:stop]

int default_worker_count() {
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 2 : (int)n;
}
