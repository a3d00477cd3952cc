// reassembly_record.h — the server-side recv chunks of this client's connection
// (telemetry frame 19) and the frame boundaries in them, split into segments the
// Reassembly view draws. Owned and touched by the UI thread only.
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "net/wire.h"

namespace iocplab::client {

enum class SegmentKind : uint8_t {
  Finishes,   // ends a frame that began in an earlier recv
  Whole,      // a whole frame inside this recv
  Starts,     // begins a frame that a later recv finishes
  Middle,     // neither begins nor ends a frame (a frame over three or more recvs)
};

struct Segment { uint16_t begin = 0, end = 0; SegmentKind kind = SegmentKind::Whole; };

struct ChunkView {
  RecvChunkRecord chunk;
  std::vector<Segment> segments;
  bool consistent = true;  // frame ends increasing and inside the chunk
};

// Splits one chunk into segments at its frame ends.
ChunkView segment_chunk(const RecvChunkRecord& chunk);

class ReassemblyRecord {
 public:
  explicit ReassemblyRecord(size_t keep = 256) : keep_(keep) {}
  void add(const TelemetryRecv& frame);

  const std::deque<ChunkView>& chunks() const { return chunks_; }
  uint64_t total_chunks() const { return total_chunks_; }
  uint64_t multi_frame_chunks() const { return multi_frame_chunks_; }  // >= 2 frames ended in one recv
  uint64_t split_frames() const { return split_frames_; }  // frames that ended in a later recv than they began
  uint64_t dropped() const { return dropped_; }             // records the server left out
  uint64_t gaps() const { return gaps_; }                   // recv_index jumps we noticed
  void clear();

 private:
  size_t keep_;
  std::deque<ChunkView> chunks_;
  uint64_t total_chunks_ = 0, multi_frame_chunks_ = 0, split_frames_ = 0, dropped_ = 0, gaps_ = 0;
  uint32_t last_index_ = 0;
};

}  // namespace iocplab::client
