#include "send_queue.h"

#include <algorithm>
#include <memory>

namespace iocplab::net {

bool SendQueue::push(Bytes b) {
  if (!b || b->empty()) return true;
  if (held_ + b->size() > limit_) return false;
  held_ += b->size();
  items_.push_back(std::move(b));
  tail_ = nullptr;  // what comes next goes after b
  return true;
}

bool SendQueue::push_copy(std::span<const uint8_t> b) {
  if (b.empty()) return true;
  if (held_ + b.size() > limit_) return false;
  held_ += b.size();
  if (!tail_ || tail_->size() + b.size() > kBlockMax) {
    Block block = std::move(spare_);
    if (!block) block = std::make_shared<std::vector<uint8_t>>();
    block->reserve(std::max(b.size(), std::min(block_hint_, kBlockMax)));
    tail_ = block.get();
    own_.push_back(block);
    items_.push_back(std::move(block));
  }
  tail_->insert(tail_->end(), b.begin(), b.end());
  return true;
}

size_t SendQueue::gather(WSABUF* bufs, size_t max, size_t* bytes) {
  *bytes = 0;
  if (in_flight_ > 0) return 0;
  size_t n = 0;
  for (; n < items_.size() && n < max; ++n) {
    const auto& v = *items_[n];
    size_t skip = n == 0 ? front_offset_ : 0;
    bufs[n].buf = reinterpret_cast<CHAR*>(const_cast<uint8_t*>(v.data() + skip));
    bufs[n].len = static_cast<ULONG>(v.size() - skip);
    *bytes += v.size() - skip;
  }
  in_flight_ = n;
  if (tail_ && n == items_.size()) {  // the kernel may read the tail block from now on
    block_hint_ = tail_->size();       // the next block starts this big (bounded by the limit)
    tail_ = nullptr;
  }
  return n;
}

void SendQueue::complete(size_t n) {
  if (in_flight_ == 0) return;
  held_ -= n < held_ ? n : held_;
  while (n > 0 && in_flight_ > 0) {
    size_t left = items_.front()->size() - front_offset_;
    if (n < left) {
      front_offset_ += n;
      break;
    }
    n -= left;
    front_offset_ = 0;
    release_front();
    --in_flight_;
  }
  in_flight_ = 0;  // whatever was not sent is queued again, at the front
}

void SendQueue::drop_queued() {
  tail_ = nullptr;
  while (items_.size() > in_flight_) {
    size_t size = items_.back()->size();
    held_ -= size < held_ ? size : held_;
    if (!own_.empty() && own_.back() == items_.back()) own_.pop_back();
    items_.pop_back();
  }
}

void SendQueue::clear() {
  tail_ = nullptr;
  items_.clear();
  own_.clear();
  spare_.reset();
  front_offset_ = in_flight_ = held_ = 0;
}

void SendQueue::release_front() {
  if (own_.empty() || own_.front() != items_.front()) {
    items_.pop_front();
    return;
  }
  Block block = std::move(own_.front());
  own_.pop_front();
  items_.pop_front();
  // Ours alone now (the send's WSABUFs were the only other users): keep a small one.
  if (!spare_ && block.use_count() == 1 && block->capacity() <= kSpareMax) {
    block->clear();
    spare_ = std::move(block);
  }
}

}  // namespace iocplab::net
