// due_queue.cpp — solved: each entry carries its place in line; equal due times compare by it.
#include "due_queue.h"

void DueQueue::push(Clock::time_point due, int id) { queue_.push(Entry{due, pushed_++, id}); }

int DueQueue::pop() {
  int id = queue_.top().id;
  queue_.pop();
  return id;
}

bool DueQueue::Entry::operator>(const Entry& other) const {
  return due != other.due ? due > other.due : order > other.order;
}
