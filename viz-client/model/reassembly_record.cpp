#include "reassembly_record.h"

namespace iocplab::client {

ChunkView segment_chunk(const RecvChunkRecord& chunk) {
  ChunkView v;
  v.chunk = chunk;
  uint16_t at = 0;
  bool carried = chunk.carry_in > 0;
  for (uint16_t end : chunk.frame_end) {
    if (end <= at || end > chunk.chunk_len) { v.consistent = false; break; }
    v.segments.push_back({at, end, carried ? SegmentKind::Finishes : SegmentKind::Whole});
    carried = false;
    at = end;
  }
  if (at < chunk.chunk_len) {
    v.segments.push_back({at, chunk.chunk_len, carried ? SegmentKind::Middle : SegmentKind::Starts});
  }
  return v;
}

void ReassemblyRecord::add(const TelemetryRecv& frame) {
  dropped_ += frame.dropped;
  for (const RecvChunkRecord& c : frame.chunks) {
    if (last_index_ != 0 && c.recv_index != last_index_ + 1) gaps_++;
    last_index_ = c.recv_index;
    ChunkView v = segment_chunk(c);
    total_chunks_++;
    if (c.frame_end.size() >= 2) multi_frame_chunks_++;
    if (c.carry_in > 0 && !c.frame_end.empty()) split_frames_++;
    chunks_.push_back(std::move(v));
    while (chunks_.size() > keep_) chunks_.pop_front();
  }
}

void ReassemblyRecord::clear() { *this = ReassemblyRecord(keep_); }

}  // namespace iocplab::client
