// workers.h — the worker thread pool: N threads, each blocked in GetQueuedCompletionStatus.
#pragma once

#include <functional>
#include <thread>
#include <vector>

#include "completion.h"

// [lesson:quit-key]
// A completion posted with this key tells one worker to leave its loop. No client index
// is ever this large, so it cannot be mistaken for a client's completion.
//ko: 이 키로 넣은 완료는 워커 하나에게 루프를 끝내라고 알린다. 이렇게 큰 클라이언트
//ko: 인덱스는 없으니 클라이언트의 완료로 오해받을 일이 없다.
constexpr ULONG_PTR kQuitKey = ~ULONG_PTR(0);
// [/lesson:quit-key]

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
