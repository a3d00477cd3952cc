// The step-mode frames: exact sizes, round trips, and CS_STEP's field checks.
#include "protocol/step_frames.h"

#include <gtest/gtest.h>

namespace {

using namespace iocplab::proto;

template <class P>
P round_trip(const P& p, size_t size) {
  std::vector<uint8_t> f;
  encode(f, p);
  EXPECT_EQ(f.size(), size);
  EXPECT_EQ(frame_size(f), size);
  P back{};
  EXPECT_EQ(decode(f, back), DecodeError::None);
  return back;
}

TEST(StepFrames, RoundTripsAtTheirDocumentedSizes) {
  CsStep step{2, 7};
  EXPECT_EQ(round_trip(step, kStepSize), step);
  ScStepWaiting w{9, 1, 2, 0, 3, 48, 0x00100003};
  EXPECT_EQ(round_trip(w, kStepWaitingSize), w);
  ScStepDone d{9, 4, 60, 1};
  EXPECT_EQ(round_trip(d, kStepDoneSize), d);
  ScStepState s{1, 2, 77};
  EXPECT_EQ(round_trip(s, kStepStateSize), s);
  EXPECT_STREQ(type_name(6), "CS_STEP");
  EXPECT_STREQ(type_name(22), "SC_STEP_STATE");
}

TEST(StepFrames, LayoutIsLittleEndianInFieldOrder) {
  std::vector<uint8_t> f;
  encode(f, ScStepWaiting{0x01020304, 5, 2, 1, 0x0A0B0C0D, 0x11121314, 0x21222324});
  std::vector<uint8_t> want = {22, 0, 20, 4, 3, 2, 1, 5, 2, 1, 0x0D, 0x0C, 0x0B, 0x0A,
                               0x14, 0x13, 0x12, 0x11, 0x24, 0x23, 0x22, 0x21};
  EXPECT_EQ(f, want);
}

TEST(StepFrames, CsStepFieldsOutOfRange) {
  auto dec = [](CsStep p) {
    std::vector<uint8_t> f;
    encode(f, p);
    CsStep out;
    return decode(f, out);
  };
  EXPECT_EQ(dec({3, 0}), DecodeError::FieldOutOfRange);   // no such mode
  EXPECT_EQ(dec({2, 0}), DecodeError::FieldOutOfRange);   // a step of nothing
  EXPECT_EQ(dec({2, 1001}), DecodeError::FieldOutOfRange);
  EXPECT_EQ(dec({1, 0}), DecodeError::None);
  std::vector<uint8_t> short_frame = {5, 0, 6, 1, 0};
  CsStep out;
  EXPECT_EQ(decode(short_frame, out), DecodeError::WrongSizeForType);
}

}  // namespace

#include "protocol/flow_frames.h"

namespace {

using namespace iocplab::proto;

TEST(FlowFrames, RoundTripAndSizes) {
  CsFlow f{0x00200005};
  std::vector<uint8_t> a;
  encode(a, f);
  EXPECT_EQ(a.size(), kFlowSize);
  CsFlow back;
  ASSERT_EQ(decode(a, back), DecodeError::None);
  EXPECT_EQ(back, f);

  ScTelemetryFlow t{0x00100001, 2, {{100, 1, 0, 12, 0, 0}, {130, 3, 1, 2, 12, 40}, {150, 5, 1, 3, 2, 50}}};
  std::vector<uint8_t> b;
  encode(b, t);
  EXPECT_EQ(b.size(), kFlowBaseSize + 3 * kFlowRecordSize);
  ScTelemetryFlow tb;
  ASSERT_EQ(decode(b, tb), DecodeError::None);
  EXPECT_EQ(tb, t);
}

TEST(FlowFrames, KeepsTheNewestRecordsThatFitAndCountsTheRest) {
  ScTelemetryFlow t;
  for (uint32_t i = 0; i < 100; ++i) t.records.push_back({i, 1, 0, 1, 0, 0});
  std::vector<uint8_t> b;
  encode(b, t);
  EXPECT_LE(b.size(), kMaxFrame);
  ScTelemetryFlow back;
  ASSERT_EQ(decode(b, back), DecodeError::None);
  ASSERT_EQ(back.records.size(), kMaxFlowRecords);
  EXPECT_EQ(back.records.back().t_us, 99u);
  EXPECT_EQ(back.dropped, 100 - kMaxFlowRecords);
  b[kFlowBaseSize + 4] = 9;  // the first record's kind
  EXPECT_EQ(decode(b, back), DecodeError::FieldOutOfRange);
}

}  // namespace
