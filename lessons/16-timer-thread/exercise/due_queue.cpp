// due_queue.cpp — your part: equal due times must come out in the order they were pushed.
// A heap keeps no order among equal keys: give each entry its place in line, and let
// operator> look at it when the due times are equal.
//ko: 여기가 여러분 몫: 때가 같은 이벤트는 넣은 순서대로 나와야 한다. 힙은 같은 키끼리의
//ko: 순서를 지켜 주지 않는다. 항목마다 줄 선 순서를 주고, 때가 같으면 operator>가 그것을 보게 하자.
#include "due_queue.h"

void DueQueue::push(Clock::time_point due, int id) { queue_.push(Entry{due, 0, id}); }

int DueQueue::pop() {
  int id = queue_.top().id;
  queue_.pop();
  return id;
}

bool DueQueue::Entry::operator>(const Entry& other) const { return due > other.due; }
