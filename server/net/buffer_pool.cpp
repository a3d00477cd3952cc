#include "buffer_pool.h"

namespace iocplab::net {

BufferPool::BufferPool(size_t max_free, size_t max_capacity) : shared_(std::make_shared<Shared>()) {
  shared_->max_free = max_free;
  shared_->max_capacity = max_capacity;
}

void BufferPool::Shared::give_back(std::vector<uint8_t>* v) {
  std::unique_ptr<std::vector<uint8_t>> owned(v);
  if (v->capacity() > max_capacity) return;
  v->clear();
  std::lock_guard lock(mu);
  if (free.size() < max_free) free.push_back(std::move(*v));
}

std::vector<uint8_t> BufferPool::take() {
  std::lock_guard lock(shared_->mu);
  if (shared_->free.empty()) return {};
  std::vector<uint8_t> v = std::move(shared_->free.back());
  shared_->free.pop_back();
  ++shared_->reused;
  return v;
}

Bytes BufferPool::freeze(std::vector<uint8_t>&& bytes) {
  auto* v = new std::vector<uint8_t>(std::move(bytes));
  std::shared_ptr<Shared> home = shared_;
  return Bytes(v, [home](const std::vector<uint8_t>* p) {
    home->give_back(const_cast<std::vector<uint8_t>*>(p));
  });
}

Bytes BufferPool::make(std::span<const uint8_t> bytes) {
  std::vector<uint8_t> v = take();
  v.assign(bytes.begin(), bytes.end());
  return freeze(std::move(v));
}

size_t BufferPool::free_count() const {
  std::lock_guard lock(shared_->mu);
  return shared_->free.size();
}

uint64_t BufferPool::reused() const {
  std::lock_guard lock(shared_->mu);
  return shared_->reused;
}

}  // namespace iocplab::net
