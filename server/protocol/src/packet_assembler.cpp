// packet_assembler.cpp — the non-template parts of PacketAssembler: failure and recording.
#include "protocol/packet_assembler.h"

#include <algorithm>

namespace iocplab::proto {

void PacketAssembler::reset() {
  held_ = expected_ = 0;
  failed_ = false;
}

PacketAssembler::Status PacketAssembler::fail() {
  failed_ = true;
  held_ = expected_ = 0;
  current_ = nullptr;
  return Status::BadSize;
}

void PacketAssembler::begin_chunk(size_t chunk_len) {
  ++recv_index_;
  current_ = nullptr;
  if (!recording_) return;
  if (ring_count_ == kMaxRecords) {  // drop the oldest
    ring_start_ = (ring_start_ + 1) % kMaxRecords;
    --ring_count_;
    ++ring_dropped_;
  }
  RecvRecord& r = ring_[(ring_start_ + ring_count_) % kMaxRecords];
  ++ring_count_;
  r.recv_index = recv_index_;
  r.chunk_len = static_cast<uint16_t>(std::min<size_t>(chunk_len, UINT16_MAX));
  r.carry_in = static_cast<uint16_t>(held_);
  r.frame_end.clear();  // keeps its capacity: no allocation once warmed up
  current_ = &r;
}

void PacketAssembler::record_frame_end(size_t offset) {
  if (current_) current_->frame_end.push_back(static_cast<uint16_t>(std::min<size_t>(offset, UINT16_MAX)));
}

std::vector<RecvRecord> PacketAssembler::take_records(uint32_t* dropped) {
  std::vector<RecvRecord> out;
  out.reserve(ring_count_);
  for (size_t k = 0; k < ring_count_; ++k) out.push_back(ring_[(ring_start_ + k) % kMaxRecords]);
  ring_start_ = ring_count_ = 0;
  if (dropped) *dropped = ring_dropped_;
  ring_dropped_ = 0;
  current_ = nullptr;
  return out;
}

}  // namespace iocplab::proto
