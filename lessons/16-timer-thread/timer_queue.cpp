// timer_queue.cpp — the timer thread's loop: sleep until the earliest event is due, post it.
#include "timer_queue.h"

void TimerQueue::add(ULONG_PTR key, int id, int delay_ms) {
  std::lock_guard<std::mutex> guard(lock_);
  queue_.push(Event{Clock::now() + std::chrono::milliseconds(delay_ms), key, id});
  changed_.notify_one();  // it may be due before the event the thread sleeps for
  //ko: 쓰레드가 기다리는 이벤트보다 먼저 때가 될 수도 있다
}

// [lesson:timer-run]
// The thread only waits and posts: it never touches the game. What the event does runs on
// a worker, under the same locks as every other completion.
//ko: 이 쓰레드는 기다렸다가 넣기만 한다. 게임에는 절대 손대지 않는다. 이벤트가 하는 일은
//ko: 워커에서, 다른 모든 완료와 같은 락 아래에서 돈다.
void TimerQueue::run() {
  std::unique_lock<std::mutex> held(lock_);
  while (!quit_) {
    if (queue_.empty()) {
      changed_.wait(held);  // nothing to do until add() or stop()
      //ko: add()나 stop()이 올 때까지 할 일이 없다
    } else if (Event next = queue_.top(); Clock::now() < next.due) {
      changed_.wait_until(held, next.due);  // wakes at the due time, or for an earlier event
      //ko: 때가 되면 깨어난다. 더 이른 이벤트가 들어와도 깨어난다
    } else {
      queue_.pop();
      ++posted_;
      held.unlock();  // add() need not wait while we post
      //ko: 넣는 동안 add()가 기다리지 않게 한다
      PostQueuedCompletionStatus(port_, (DWORD)next.id, next.key, nullptr);
      held.lock();
    }
  }
}
// [/lesson:timer-run]

void TimerQueue::stop() {
  {
    std::lock_guard<std::mutex> guard(lock_);
    quit_ = true;
    changed_.notify_one();
  }
  if (thread_.joinable()) thread_.join();
}
