// buffer_pool.h — recycled byte vectors for outgoing frames. freeze() turns a vector into
// Bytes whose last owner hands the vector (capacity kept) back to the pool instead of
// freeing it, so a steady stream of sends stops allocating buffers. Thread-safe. Bytes
// may outlive the pool: the free list is shared and dies with the last of them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <vector>

#include "session_sink.h"

namespace iocplab::net {

class BufferPool {
 public:
  // Keeps at most max_free vectors, none with more than max_capacity bytes reserved.
  explicit BufferPool(size_t max_free = 1024, size_t max_capacity = 64 * 1024);

  std::vector<uint8_t> take();                // empty, with a recycled buffer when one is free
  Bytes freeze(std::vector<uint8_t>&& bytes);  // shared, immutable, comes back when released
  Bytes make(std::span<const uint8_t> bytes);  // take() + copy + freeze()

  size_t free_count() const;
  uint64_t reused() const;  // take() calls served from the free list

 private:
  struct Shared {
    std::mutex mu;
    std::vector<std::vector<uint8_t>> free;
    size_t max_free, max_capacity;
    uint64_t reused = 0;
    void give_back(std::vector<uint8_t>* v);
  };
  std::shared_ptr<Shared> shared_;
};

}  // namespace iocplab::net
