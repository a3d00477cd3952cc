// session_table.h — the fixed array of sessions, sized once (--max-sessions).
// Completion key = slot. Public id = generation << 20 | slot: the generation (1..2047,
// never 0, so an id is never 0) changes every time the slot gets a new occupant, so an id
// kept by anyone after its session ended no longer matches and is recognised as stale.
// A slot goes back on the free list only through release(), which the framework calls
// after the occupant's last pending operation completed. Free slots are reused oldest
// first, so a just-freed id stays unused as long as possible.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>

#include "session.h"

namespace iocplab::net {

class SessionTable {
 public:
  static constexpr uint32_t kSlotBits = 20;
  static constexpr uint32_t kMaxCapacity = 1u << kSlotBits;
  // 11 bits: an id never has bit 31, which marks NPCs in the lessons (docs/PROTOCOL.md).
  static constexpr uint32_t kMaxGeneration = 0x7FF;

  static SessionId make_id(uint32_t slot, uint32_t generation) {
    return generation << kSlotBits | slot;
  }
  static uint32_t slot_of(SessionId id) { return id & (kMaxCapacity - 1); }
  static uint32_t generation_of(SessionId id) { return id >> kSlotBits; }

  // capacity: 1..kMaxCapacity (clamped). Sessions are created on first use of a slot.
  SessionTable(uint32_t capacity, size_t recv_buffer_size);
  ~SessionTable();
  SessionTable(const SessionTable&) = delete;
  SessionTable& operator=(const SessionTable&) = delete;

  // A free slot with a new generation, marked in use; nullptr when every slot is taken.
  Session* acquire();
  // The occupant left: its id becomes stale, the slot is free for a later acquire().
  void release(Session& s);
  // The session whose current id is id, or nullptr (stale, free or out of range).
  Session* find(SessionId id) const;
  // The session object of a slot (completion key), or nullptr if never used / out of range.
  Session* at(uint32_t slot) const;

  uint32_t capacity() const { return capacity_; }
  uint32_t in_use() const { return in_use_.load(std::memory_order_relaxed); }

 private:
  const uint32_t capacity_;
  const size_t recv_buffer_size_;
  std::unique_ptr<std::atomic<Session*>[]> slots_;  // written once per slot, under mu_
  std::mutex mu_;
  std::deque<uint32_t> free_;
  std::atomic<uint32_t> in_use_{0};
};

}  // namespace iocplab::net
