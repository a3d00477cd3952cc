// shared_state.h — stage 15: state every worker touches, kept correct two ways.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>

// [lesson:counter]
// How many packets the workers have handled: any worker adds, at any time. One number
// on its own: an atomic fits, no lock needed.
//ko: 워커들이 처리한 패킷 수: 어느 워커든 아무 때나 더한다. 값 하나뿐이니
//ko: atomic이면 충분하다. 락이 필요 없다.
class PacketCounter {
 public:
  void add();
  uint64_t total() const;

 private:
  std::atomic<uint64_t> count_{0};
};
// [/lesson:counter]

// [lesson:position]
// A position is two numbers that must change together: two atomics would still let a
// reader see the new x with the old y. One mutex keeps the pair whole.
//ko: 위치는 함께 바뀌어야 하는 두 숫자다. atomic 두 개로는 새 x와 옛 y를 함께
//ko: 읽는 쪽이 생긴다. 뮤텍스 하나가 둘을 한 덩어리로 지킨다.
struct Point {
  int x = 0, y = 0;
};

class SharedPosition {
 public:
  void move(int dx, int dy);
  Point read() const;

 private:
  mutable std::mutex lock_;  // guards x_ and y_ together
  //ko: x_와 y_를 함께 지킨다
  int x_ = 0, y_ = 0;
};
// [/lesson:position]
