#include "session_table.h"

#include <algorithm>

namespace iocplab::net {

SessionTable::SessionTable(uint32_t capacity, size_t recv_buffer_size)
    : capacity_(std::clamp<uint32_t>(capacity, 1, kMaxCapacity)),
      recv_buffer_size_(recv_buffer_size),
      slots_(std::make_unique<std::atomic<Session*>[]>(capacity_)) {
  for (uint32_t i = 0; i < capacity_; ++i) {
    slots_[i].store(nullptr, std::memory_order_relaxed);
    free_.push_back(i);
  }
}

SessionTable::~SessionTable() {
  for (uint32_t i = 0; i < capacity_; ++i) delete slots_[i].load(std::memory_order_relaxed);
}

Session* SessionTable::acquire() {
  std::lock_guard lock(mu_);
  if (free_.empty()) return nullptr;
  uint32_t slot = free_.front();
  free_.pop_front();
  Session* s = slots_[slot].load(std::memory_order_relaxed);
  if (!s) {
    s = new Session(slot, recv_buffer_size_);
    slots_[slot].store(s, std::memory_order_release);
  }
  uint32_t gen = s->generation_.load(std::memory_order_relaxed) % kMaxGeneration + 1;
  s->generation_.store(gen, std::memory_order_release);
  s->in_use_.store(true, std::memory_order_release);
  in_use_.fetch_add(1, std::memory_order_relaxed);
  return s;
}

void SessionTable::release(Session& s) {
  std::lock_guard lock(mu_);
  if (!s.in_use_.load(std::memory_order_relaxed)) return;
  s.in_use_.store(false, std::memory_order_release);
  in_use_.fetch_sub(1, std::memory_order_relaxed);
  free_.push_back(s.slot());
}

Session* SessionTable::find(SessionId id) const {
  uint32_t slot = slot_of(id);
  if (slot >= capacity_) return nullptr;
  Session* s = slots_[slot].load(std::memory_order_acquire);
  if (!s || !s->in_use() || s->generation() != generation_of(id)) return nullptr;
  return s;
}

Session* SessionTable::at(uint32_t slot) const {
  return slot < capacity_ ? slots_[slot].load(std::memory_order_acquire) : nullptr;
}

}  // namespace iocplab::net
