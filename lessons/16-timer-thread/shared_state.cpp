// shared_state.cpp — the counter (an atomic) and the position (a mutex).
#include "shared_state.h"

// [lesson:counter-add]
// One indivisible read-modify-write: no other worker's add can fall between the read
// and the write. relaxed: only the count matters, not what happened before it.
//ko: 나눌 수 없는 읽고-고치고-쓰기 하나: 다른 워커의 add가 읽기와 쓰기 사이에
//ko: 끼어들 수 없다. relaxed: 개수만 중요하고, 그 앞에 일어난 일은 상관없다.
void PacketCounter::add() { count_.fetch_add(1, std::memory_order_relaxed); }

uint64_t PacketCounter::total() const { return count_.load(std::memory_order_relaxed); }
// [/lesson:counter-add]

// [lesson:position-move]
void SharedPosition::move(int dx, int dy) {
  std::lock_guard<std::mutex> guard(lock_);
  x_ += dx;
  y_ += dy;
}

Point SharedPosition::read() const {
  std::lock_guard<std::mutex> guard(lock_);
  return Point{x_, y_};
}
// [/lesson:position-move]
