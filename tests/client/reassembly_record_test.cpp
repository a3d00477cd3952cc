// ReassemblyRecord: recv chunks cut into segments at their frame ends.
#include <gtest/gtest.h>

#include "model/reassembly_record.h"

using namespace iocplab::client;

static RecvChunkRecord chunk(uint32_t index, uint16_t len, uint16_t carry, std::vector<uint16_t> ends) {
  RecvChunkRecord c;
  c.recv_index = index;
  c.chunk_len = len;
  c.carry_in = carry;
  c.frame_end = std::move(ends);
  return c;
}

TEST(ReassemblyRecord, TheTelemetryDocExample) {
  // carry_in 5, chunk_len 30, frame ends 7 and 19 (docs/TELEMETRY.md).
  ChunkView v = segment_chunk(chunk(1, 30, 5, {7, 19}));
  ASSERT_TRUE(v.consistent);
  ASSERT_EQ(v.segments.size(), 3u);
  EXPECT_EQ(v.segments[0].kind, SegmentKind::Finishes);
  EXPECT_EQ(v.segments[0].end, 7);
  EXPECT_EQ(v.segments[1].kind, SegmentKind::Whole);
  EXPECT_EQ(v.segments[1].begin, 7);
  EXPECT_EQ(v.segments[1].end, 19);
  EXPECT_EQ(v.segments[2].kind, SegmentKind::Starts);
  EXPECT_EQ(v.segments[2].end, 30);
}

TEST(ReassemblyRecord, MiddleOfALongFrameAndExactWholeFrames) {
  ChunkView mid = segment_chunk(chunk(2, 4, 3, {}));
  ASSERT_EQ(mid.segments.size(), 1u);
  EXPECT_EQ(mid.segments[0].kind, SegmentKind::Middle);
  ChunkView whole = segment_chunk(chunk(3, 24, 0, {12, 24}));
  ASSERT_EQ(whole.segments.size(), 2u);
  EXPECT_EQ(whole.segments[0].kind, SegmentKind::Whole);
  EXPECT_EQ(whole.segments[1].kind, SegmentKind::Whole);
}

TEST(ReassemblyRecord, InconsistentEndsAreFlagged) {
  EXPECT_FALSE(segment_chunk(chunk(1, 10, 0, {5, 5})).consistent);
  EXPECT_FALSE(segment_chunk(chunk(1, 10, 0, {11})).consistent);
}

TEST(ReassemblyRecord, CountsCoalescedSplitDroppedAndGaps) {
  ReassemblyRecord rec(2);
  TelemetryRecv a;
  a.dropped = 3;
  a.chunks = {chunk(1, 24, 0, {12, 24}), chunk(2, 5, 0, {})};
  rec.add(a);
  TelemetryRecv b;
  b.chunks = {chunk(3, 7, 5, {7}), chunk(9, 12, 0, {12})};
  rec.add(b);
  EXPECT_EQ(rec.total_chunks(), 4u);
  EXPECT_EQ(rec.multi_frame_chunks(), 1u);
  EXPECT_EQ(rec.split_frames(), 1u);
  EXPECT_EQ(rec.dropped(), 3u);
  EXPECT_EQ(rec.gaps(), 1u);  // 3 -> 9
  ASSERT_EQ(rec.chunks().size(), 2u);  // bounded
  EXPECT_EQ(rec.chunks().back().chunk.recv_index, 9u);
}

TEST(ReassemblyRecord, AssemblerRecordsMatchWhatWeSent) {
  // Two frames, fed as 5 + 14 + 5 bytes: the second chunk finishes one and starts one.
  Frame a = make_move(1, 1, 1), b = make_move(2, 2, 2);
  Frame all = a;
  all.insert(all.end(), b.begin(), b.end());
  StreamAssembler asmb;
  asmb.set_recording(true);
  int frames = 0;
  auto count = [&](FrameView) { frames++; };
  asmb.feed(FrameView(all.data(), 5), count);
  asmb.feed(FrameView(all.data() + 5, 14), count);
  asmb.feed(FrameView(all.data() + 19, 5), count);
  EXPECT_EQ(frames, 2);
  TelemetryRecv r;
  uint32_t dropped = 0;
  r.chunks = asmb.take_records(&dropped);
  ReassemblyRecord rec;
  rec.add(r);
  ASSERT_EQ(rec.chunks().size(), 3u);
  EXPECT_EQ(rec.chunks()[1].segments[0].kind, SegmentKind::Finishes);
  EXPECT_EQ(rec.chunks()[1].segments[1].kind, SegmentKind::Starts);
  EXPECT_EQ(rec.chunks()[2].segments[0].kind, SegmentKind::Finishes);
  EXPECT_EQ(rec.split_frames(), 2u);
}
