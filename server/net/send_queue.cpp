#include "send_queue.h"

namespace iocplab::net {

bool SendQueue::push(Bytes b) {
  if (!b || b->empty()) return true;
  if (held_ + b->size() > limit_) return false;
  held_ += b->size();
  items_.push_back(std::move(b));
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
    items_.pop_front();
    --in_flight_;
  }
  in_flight_ = 0;  // whatever was not sent is queued again, at the front
}

void SendQueue::drop_queued() {
  while (items_.size() > in_flight_) {
    size_t size = items_.back()->size();
    held_ -= size < held_ ? size : held_;
    items_.pop_back();
  }
}

void SendQueue::clear() {
  items_.clear();
  front_offset_ = in_flight_ = held_ = 0;
}

}  // namespace iocplab::net
