// send_queue.h — the bytes held for one session: queued buffers plus the ones in the
// WSASend in flight. Gathers the queue into one WSABUF array, so one send carries
// everything queued; refuses a push that would hold more than the limit (slow reader).
// Copied frames (push_copy) go into one contiguous block of the queue's own, so many
// small frames are one WSABUF and no allocation each; a block is never written while a
// send in flight points into it, and a sent block of at most kSpareMax is kept as the next
// one (no malloc, free and page faults per send). Not thread-safe: the session's lock
// guards it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <span>
#include <vector>

#include "iocp.h"
#include "session_sink.h"

namespace iocplab::net {

class SendQueue {
 public:
  explicit SendQueue(size_t limit = 1u << 20) : limit_(limit) {}

  void set_limit(size_t limit) { limit_ = limit; }
  size_t limit() const { return limit_; }

  // Queues b unless the bytes held (queued or in flight) would then exceed the limit.
  // An empty buffer is accepted and ignored.
  bool push(Bytes b);
  // The same for a copy of b, appended to the queue's tail block when that block is not
  // in flight yet (else a new block, sized like the last one). Empty b: accepted, ignored.
  bool push_copy(std::span<const uint8_t> b);
  // Fills bufs with the queued bytes not in flight yet (at most max buffers), marks them
  // in flight and returns how many were filled; *bytes gets their total. 0 when a send
  // is already in flight or nothing is queued.
  size_t gather(WSABUF* bufs, size_t max, size_t* bytes);
  // The send in flight completed having sent n bytes: fully sent buffers are released;
  // a partly sent one stays at the front and its remainder is sent next.
  void complete(size_t n);
  // Releases the buffers not in flight; those of the send in flight stay until its
  // completion is dequeued (the kernel may still read them: IOCP, io_uring).
  void drop_queued();
  // Releases everything, the spare block too; only once no send is in flight (its
  // completion was dequeued, or the slot is free). A later complete() is ignored.
  void clear();

  bool has_spare_block() const { return spare_ != nullptr; }
  bool in_flight() const { return in_flight_ > 0; }
  bool idle() const { return items_.empty(); }  // nothing queued, nothing in flight
  size_t held_bytes() const { return held_; }
  size_t buffers() const { return items_.size(); }

 private:
  static constexpr size_t kBlockMax = 64 * 1024;  // a block is not grown beyond this
  static constexpr size_t kSpareMax = 16 * 1024;  // a bigger sent block is freed, not kept

  using Block = std::shared_ptr<std::vector<uint8_t>>;
  void release_front();  // pops items_.front(), keeping it as the spare when it is our block

  std::deque<Bytes> items_;  // front in_flight_ items are in the send in flight
  std::deque<Block> own_;    // our blocks among items_, in the same order
  Block spare_;              // a sent block of ours, emptied, for the next push_copy
  std::vector<uint8_t>* tail_ = nullptr;  // items_.back() when it is our block, not in flight
  size_t block_hint_ = 0;    // the size of the last block sent: the next one's reserve
  size_t front_offset_ = 0;  // bytes of items_.front() already sent
  size_t in_flight_ = 0;
  size_t held_ = 0;
  size_t limit_;
};

}  // namespace iocplab::net
