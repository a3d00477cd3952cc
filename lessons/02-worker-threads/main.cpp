// Stage 02 — worker threads.
//
// The same port as stage 01, now with a pool of worker threads blocked in
// GetQueuedCompletionStatus. The threads are created right after the port and before
// anything can produce a completion (in a server: before the first socket exists).
// Then we post jobs and watch which worker takes each one.
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <vector>

#include "stage_console.h"
#include "workers.h"

int main(int argc, char** argv) {
  int worker_count = (int)flag(argc, argv, "--workers", default_worker_count());
  int job_count = (int)flag(argc, argv, "--jobs", 12);
  if (worker_count < 1 || job_count < 0) {
    std::printf("usage: lesson02 [--workers N>=1] [--jobs N>=0]\n");
    return 2;
  }

  // [lesson:make-port]
  HANDLE port = create_completion_port();
  if (port == nullptr) {
    std::printf("CreateIoCompletionPort failed: error %lu\n", (unsigned long)GetLastError());
    return 1;
  }
  // [/lesson:make-port]

  // [lesson:start-workers]
  std::mutex lock;                  // guards done, per_worker and printing
  //ko: done, per_worker, 출력을 지킨다
  std::condition_variable all_done;
  int done = 0;
  std::vector<int> per_worker(worker_count, 0);
  Workers workers;
  workers.start(port, worker_count, [&](const Completion& c, int worker) {
    std::lock_guard<std::mutex> guard(lock);
    std::printf("worker %d took job %llu\n", worker, (unsigned long long)c.key);
    ++per_worker[worker];
    if (++done == job_count) all_done.notify_one();
  });
  // [/lesson:start-workers]

  // [lesson:post]
  // These jobs carry no OVERLAPPED: the key says which job it is. GQCS then returns TRUE
  // with overlapped == nullptr; only FALSE with nullptr means "nothing dequeued".
  //ko: 이 일들에는 OVERLAPPED가 없다. 어느 일인지는 키가 말해 준다. 이때 GQCS는
  //ko: TRUE와 overlapped == nullptr을 돌려준다. "꺼낸 것 없음"은 FALSE와 nullptr일 때뿐이다.
  for (int i = 0; i < job_count; ++i) PostQueuedCompletionStatus(port, 0, (ULONG_PTR)i, nullptr);
  // [/lesson:post]

  {
    std::unique_lock<std::mutex> guard(lock);
    all_done.wait(guard, [&] { return done == job_count; });
  }
  workers.stop();
  CloseHandle(port);

  for (int w = 0; w < worker_count; ++w) std::printf("worker %d handled %d jobs\n", w, per_worker[w]);
  std::printf("next: try --workers 1 and --jobs 1000, then ./lab lesson 03\n");
  return 0;
}
