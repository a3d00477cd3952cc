// timer_queue.h — stage 16: the timer thread. Events wait in a priority queue by due time;
// when one is due, the thread posts it into the completion port and a worker handles it.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

#include "iocp.h"

// [lesson:timer-keys]
// A timer completion's key says which event it is (never a client index, kListenKey or
// kQuitKey); its byte count carries the ID the event is for. No OVERLAPPED: nullptr.
//ko: 타이머 완료의 키는 어떤 이벤트인지를 말한다(클라이언트 인덱스, kListenKey, kQuitKey와
//ko: 절대 겹치지 않는다). 바이트 수 자리에는 그 이벤트의 대상 ID를 싣는다. OVERLAPPED는 없다: nullptr.
constexpr ULONG_PTR kNpcMoveKey = ~ULONG_PTR(0) - 2;
constexpr ULONG_PTR kLoginTimeoutKey = ~ULONG_PTR(0) - 3;
// [/lesson:timer-keys]

// [lesson:timer-queue]
class TimerQueue {
 public:
  using Clock = std::chrono::steady_clock;
  ~TimerQueue() { stop(); }
  void start(HANDLE port) { port_ = port; thread_ = std::thread([this] { run(); }); }
  void add(ULONG_PTR key, int id, int delay_ms);  // from any thread
  //ko: 어느 쓰레드에서든 부른다
  void stop();  // events not due yet are dropped
  //ko: 아직 때가 안 된 이벤트는 버린다
  uint64_t posted() const { return posted_.load(); }  // events posted into the port so far
  //ko: 지금까지 포트에 넣은 이벤트 수

 private:
  struct Event {
    Clock::time_point due;
    ULONG_PTR key;
    int id;
    bool operator>(const Event& other) const { return due > other.due; }
  };
  void run();
  HANDLE port_ = nullptr;
  std::mutex lock_;  // guards queue_ and quit_
  //ko: queue_와 quit_을 지킨다
  std::condition_variable changed_;  // a new event, or stop()
  //ko: 새 이벤트, 또는 stop()
  std::priority_queue<Event, std::vector<Event>, std::greater<Event>> queue_;  // earliest on top
  //ko: 가장 이른 것이 맨 위
  bool quit_ = false;
  std::atomic<uint64_t> posted_{0};  // read without the lock (stage 15)
  //ko: 락 없이 읽는다 (15단계)
  std::thread thread_;
};
// [/lesson:timer-queue]
