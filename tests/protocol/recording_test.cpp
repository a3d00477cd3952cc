// PacketAssembler recording (SC_TELEMETRY_RECV) and encoding of the recorded chunks.
#include <gtest/gtest.h>

#include "protocol/packet_assembler.h"
#include "test_bytes.h"

namespace iocplab::proto {
namespace {

using test::raw_frame;

void feed(PacketAssembler& a, const std::vector<uint8_t>& chunk) {
  ASSERT_EQ(a.feed(chunk, [](std::span<const uint8_t>) {}), PacketAssembler::Status::Ok);
}

TEST(Recording, ReproducesTheTelemetryDocExample) {
  // Frames of 12, 12 and 20 bytes; recv 1 carries 5 bytes, recv 2 delivers 30 bytes.
  const auto stream = test::cat({raw_frame(12, 2, 12), raw_frame(12, 2, 12), raw_frame(20, 3, 20)});
  PacketAssembler a;
  a.set_recording(true);
  feed(a, {stream.begin(), stream.begin() + 5});
  feed(a, {stream.begin() + 5, stream.begin() + 35});
  uint32_t dropped = 99;
  auto records = a.take_records(&dropped);
  EXPECT_EQ(dropped, 0u);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_TRUE((records[0] == RecvRecord{1, 5, 0, {}}));
  EXPECT_TRUE((records[1] == RecvRecord{2, 30, 5, {7, 19}}));
  EXPECT_EQ(a.buffered(), 11u);
  EXPECT_TRUE(a.take_records(&dropped).empty());  // taking clears
}

TEST(Recording, LoginAndMoveInChunksOf40And15) {  // the last example of docs/PROTOCOL.md
  std::vector<uint8_t> stream;
  encode(stream, make_login("kim", "pw1234"));
  encode(stream, CsMove{3, 1, 5000});
  ASSERT_EQ(stream.size(), 55u);
  PacketAssembler a;
  a.set_recording(true);
  feed(a, {stream.begin(), stream.begin() + 40});
  feed(a, {stream.begin() + 40, stream.end()});
  auto records = a.take_records(nullptr);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_TRUE((records[0] == RecvRecord{1, 40, 0, {}}));
  EXPECT_TRUE((records[1] == RecvRecord{2, 15, 40, {3, 15}}));
}

TEST(Recording, OffByDefaultButRecvIndexStillCounts) {
  PacketAssembler a;
  feed(a, raw_frame(3, 4, 3));
  feed(a, raw_frame(3, 4, 3));
  EXPECT_TRUE(a.take_records(nullptr).empty());
  a.set_recording(true);
  feed(a, raw_frame(3, 4, 3));
  auto records = a.take_records(nullptr);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].recv_index, 3u);
  EXPECT_EQ(records[0].frame_end, std::vector<uint16_t>{3});
}

TEST(Recording, RingKeepsTheNewest64AndCountsDropped) {
  PacketAssembler a;
  a.set_recording(true);
  for (int i = 0; i < 70; ++i) feed(a, raw_frame(3, 4, 3));
  uint32_t dropped = 0;
  auto records = a.take_records(&dropped);
  ASSERT_EQ(records.size(), 64u);
  EXPECT_EQ(dropped, 6u);
  EXPECT_EQ(records.front().recv_index, 7u);
  EXPECT_EQ(records.back().recv_index, 70u);
  feed(a, raw_frame(3, 4, 3));
  records = a.take_records(&dropped);
  EXPECT_EQ(dropped, 0u);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].recv_index, 71u);
}

TEST(Recording, EncodeKeepsTheNewestRecordsThatFit) {
  ScTelemetryRecv r{2, {}};
  for (uint32_t i = 1; i <= 64; ++i) {
    RecvRecord rec{i, 100, 0, {}};
    for (uint16_t k = 1; k <= 10; ++k) rec.frame_end.push_back(static_cast<uint16_t>(k * 10));
    r.chunks.push_back(rec);  // 29 bytes each: (1024 - 5) / 29 = 35 fit
  }
  const auto frame = to_bytes(r);
  EXPECT_LE(frame.size(), kMaxFrame);
  EXPECT_EQ(frame.size(), 5u + 35 * 29);
  ScTelemetryRecv back;
  ASSERT_EQ(decode(frame, back), DecodeError::None);
  ASSERT_EQ(back.chunks.size(), 35u);
  EXPECT_EQ(back.chunks.front().recv_index, 30u);  // oldest kept
  EXPECT_EQ(back.chunks.back().recv_index, 64u);
  EXPECT_EQ(back.dropped, 2 + 29);
}

TEST(Recording, EncodeSaturatesDroppedAndSkipsUnrepresentableRecords) {
  ScTelemetryRecv r{250, {RecvRecord{1, 1000, 0, std::vector<uint16_t>(300, 1)},
                          RecvRecord{2, 10, 0, {10}}}};
  ScTelemetryRecv back;
  ASSERT_EQ(decode(to_bytes(r), back), DecodeError::None);
  ASSERT_EQ(back.chunks.size(), 1u);
  EXPECT_EQ(back.chunks[0].recv_index, 2u);
  EXPECT_EQ(back.dropped, 251);
  r.dropped = 255;
  ASSERT_EQ(decode(to_bytes(r), back), DecodeError::None);
  EXPECT_EQ(back.dropped, 255);
}

}  // namespace
}  // namespace iocplab::proto
