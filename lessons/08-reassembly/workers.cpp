// workers.cpp — the worker threads and their loop.
#include "workers.h"

// [lesson:worker-loop]
static void worker_loop(HANDLE port, int index, const CompletionHandler& handler) {
  for (;;) {
    // The thread sleeps inside the kernel until the port has a completion for it.
    //ko: 포트에 완료가 들어올 때까지 이 쓰레드는 커널 안에서 잠들어 있다.
    Completion c = dequeue_completion(port, INFINITE);
    if (c.key == kQuitKey) return;                   // stop() asked this thread to leave
    //ko: stop()이 이 쓰레드에게 나가라고 했다
    if (!c.ok && c.overlapped == nullptr) return;    // nothing dequeued: the port is gone
    //ko: 꺼낸 것이 없다: 포트가 닫혔다
    // Everything else is the handler's: data, a failed operation (ok == false), or a job
    // posted without an OVERLAPPED (ok == true, overlapped == nullptr).
    //ko: 나머지는 모두 핸들러 몫이다. 데이터, 실패한 작업(ok == false),
    //ko: 또는 OVERLAPPED 없이 넣은 일(ok == true, overlapped == nullptr).
    handler(c, index);
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
  //ko: 쓰레드마다 quit 하나. 완료 하나는 기다리는 워커 정확히 하나만 깨운다.
  for (size_t i = 0; i < threads_.size(); ++i)
    PostQueuedCompletionStatus(port_, 0, kQuitKey, nullptr);
  for (std::thread& t : threads_) t.join();
  threads_.clear();
}
// [/lesson:stop]

// [lesson:default-count]
int default_worker_count() {
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 2 : (int)n;
}
// [/lesson:default-count]
