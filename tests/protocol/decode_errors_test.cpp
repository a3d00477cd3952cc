// Every DecodeError, from the frames that must produce it.
#include <gtest/gtest.h>

#include "protocol/protocol.h"
#include "test_bytes.h"

namespace iocplab::proto {
namespace {

using test::bytes;
using test::raw_frame;

template <class P>
DecodeError dec(const std::vector<uint8_t>& frame) {
  P p;
  return decode(frame, p);
}

TEST(DecodeErrors, BadSizeWhenFrameTooShortOrTooLong) {
  EXPECT_EQ(dec<CsLogout>({}), DecodeError::BadSize);
  EXPECT_EQ(dec<CsLogout>(bytes({3})), DecodeError::BadSize);
  EXPECT_EQ(dec<CsLogout>(bytes({3, 0})), DecodeError::BadSize);
  EXPECT_EQ(dec<CsChat>(raw_frame(1025, 3, 1025, 'a')), DecodeError::BadSize);
  EXPECT_EQ(dec<ScTelemetryRecv>(raw_frame(1025, 19, 1025)), DecodeError::BadSize);
  Packet any;
  EXPECT_EQ(decode_any(bytes({3, 0}), any), DecodeError::BadSize);
}

TEST(DecodeErrors, BadSizeWhenSizeFieldDisagreesWithFrame) {
  EXPECT_EQ(dec<CsMove>(raw_frame(11, 2, 12)), DecodeError::BadSize);
  EXPECT_EQ(dec<CsMove>(raw_frame(13, 2, 12)), DecodeError::BadSize);
  EXPECT_EQ(dec<CsLogout>(raw_frame(0, 4, 3)), DecodeError::BadSize);
  EXPECT_EQ(dec<CsLogout>(raw_frame(3 + 256, 4, 3)), DecodeError::BadSize);  // high byte
  Packet any;
  EXPECT_EQ(decode_any(raw_frame(5, 99, 4), any), DecodeError::BadSize);
}

TEST(DecodeErrors, UnknownType) {
  for (int t : {0, 8, 10, 24, 200, 255}) {
    EXPECT_EQ(dec<CsLogout>(raw_frame(3, static_cast<uint8_t>(t), 3)), DecodeError::UnknownType)
        << t;
    Packet any;
    EXPECT_EQ(decode_any(raw_frame(8, static_cast<uint8_t>(t), 8), any), DecodeError::UnknownType);
  }
}

TEST(DecodeErrors, TypeMismatch) {
  EXPECT_EQ(dec<CsChat>(to_bytes(CsMove{1, 2, 3})), DecodeError::TypeMismatch);
  EXPECT_EQ(dec<ScChat>(to_bytes(CsChat{"hi"})), DecodeError::TypeMismatch);
}

TEST(DecodeErrors, WrongSizeForFixedTypes) {
  const std::pair<uint8_t, size_t> fixed[] = {{1, 43}, {2, 12}, {4, 3},  {5, 4},  {11, 17},
                                              {12, 4}, {13, 31}, {14, 19}, {15, 7}, {17, 87}};
  for (auto [type, size] : fixed) {
    for (size_t wrong : {size - 1, size + 1}) {
      if (wrong < 3) continue;
      Packet any;
      EXPECT_EQ(decode_any(raw_frame(wrong, type, wrong), any), DecodeError::WrongSizeForType)
          << type_name(type) << " size " << wrong;
    }
  }
}

TEST(DecodeErrors, WrongSizeForChat) {
  EXPECT_EQ(dec<CsChat>(raw_frame(3, 3, 3)), DecodeError::WrongSizeForType);  // empty
  EXPECT_EQ(dec<CsChat>(raw_frame(204, 3, 204, 'a')), DecodeError::WrongSizeForType);
  EXPECT_EQ(dec<CsChat>(raw_frame(203, 3, 203, 'a')), DecodeError::None);
  EXPECT_EQ(dec<ScChat>(raw_frame(7, 16, 7)), DecodeError::WrongSizeForType);  // empty
  EXPECT_EQ(dec<ScChat>(raw_frame(208, 16, 208, 'a')), DecodeError::WrongSizeForType);
  EXPECT_EQ(dec<ScChat>(raw_frame(207, 16, 207, 'a')), DecodeError::None);
  // encode writes what it is given, so a too-long chat makes a frame decode rejects
  EXPECT_EQ(dec<CsChat>(to_bytes(CsChat{std::string(201, 'a')})), DecodeError::WrongSizeForType);
  EXPECT_EQ(dec<CsChat>(to_bytes(CsChat{""})), DecodeError::WrongSizeForType);
}

TEST(DecodeErrors, WrongSizeForTelemetryLists) {
  auto threads = to_bytes(ScTelemetryThreads{1, {ThreadRecord{}, ThreadRecord{}}});
  threads[7] = 1;  // count says 1, two records follow
  EXPECT_EQ(dec<ScTelemetryThreads>(threads), DecodeError::WrongSizeForType);
  EXPECT_EQ(dec<ScTelemetryThreads>(raw_frame(8, 18, 8)), DecodeError::WrongSizeForType);

  auto recv = to_bytes(ScTelemetryRecv{0, {RecvRecord{1, 30, 0, {10, 20}}}});
  recv[3] = 2;  // count 2, but only one record
  EXPECT_EQ(dec<ScTelemetryRecv>(recv), DecodeError::WrongSizeForType);
  recv[3] = 0;  // count 0, a record left over
  EXPECT_EQ(dec<ScTelemetryRecv>(recv), DecodeError::WrongSizeForType);
  recv[3] = 1;
  recv[13] = 3;  // frames 3, only two offsets
  EXPECT_EQ(dec<ScTelemetryRecv>(recv), DecodeError::WrongSizeForType);
  EXPECT_EQ(dec<ScTelemetryRecv>(raw_frame(4, 19, 4)), DecodeError::WrongSizeForType);
}

TEST(DecodeErrors, FieldOutOfRange) {
  EXPECT_EQ(dec<CsMove>(to_bytes(CsMove{4, 0, 0})), DecodeError::FieldOutOfRange);
  EXPECT_EQ(dec<CsMove>(to_bytes(CsMove{255, 0, 0})), DecodeError::FieldOutOfRange);
  EXPECT_EQ(dec<CsObserve>(to_bytes(CsObserve{2})), DecodeError::FieldOutOfRange);
  EXPECT_EQ(dec<ScLoginFail>(to_bytes(ScLoginFail{0})), DecodeError::FieldOutOfRange);
  EXPECT_EQ(dec<ScLoginFail>(to_bytes(ScLoginFail{7})), DecodeError::FieldOutOfRange);
  EXPECT_EQ(dec<ScLoginOk>(to_bytes(ScLoginOk{1, 400, 0, 400, 400, 7})),
            DecodeError::FieldOutOfRange);
  EXPECT_EQ(dec<ScLoginOk>(to_bytes(ScLoginOk{1, 0, 5, 400, 5, 7})), DecodeError::FieldOutOfRange);

  auto threads = to_bytes(ScTelemetryThreads{1, {ThreadRecord{}}});
  threads[8] = 1;  // pad must be 0
  EXPECT_EQ(dec<ScTelemetryThreads>(threads), DecodeError::FieldOutOfRange);
  auto many = test::raw_frame(9 + 29 * 33, 18, 9 + 29 * 33);
  many[7] = 33;  // more than 32 threads
  EXPECT_EQ(dec<ScTelemetryThreads>(many), DecodeError::FieldOutOfRange);

  for (auto ends : {std::vector<uint16_t>{0}, std::vector<uint16_t>{31},
                    std::vector<uint16_t>{10, 10}, std::vector<uint16_t>{20, 10}}) {
    EXPECT_EQ(dec<ScTelemetryRecv>(to_bytes(ScTelemetryRecv{0, {RecvRecord{1, 30, 0, ends}}})),
              DecodeError::FieldOutOfRange);
  }
  EXPECT_EQ(dec<ScTelemetryRecv>(to_bytes(ScTelemetryRecv{0, {RecvRecord{1, 30, 1024, {}}}})),
            DecodeError::FieldOutOfRange);
}

TEST(DecodeErrors, BadText) {
  EXPECT_EQ(dec<CsChat>(bytes({4, 0, 3, 0xFF})), DecodeError::BadText);
  EXPECT_EQ(dec<CsChat>(bytes({5, 0, 3, 0xC0, 0xAF})), DecodeError::BadText);       // overlong '/'
  EXPECT_EQ(dec<CsChat>(bytes({6, 0, 3, 0xED, 0xA0, 0x80})), DecodeError::BadText);  // surrogate
  EXPECT_EQ(dec<CsChat>(bytes({5, 0, 3, 0xEC, 0x95})), DecodeError::BadText);        // cut short
  EXPECT_EQ(dec<ScChat>(bytes({8, 0, 16, 1, 0, 0, 0, 0x80})), DecodeError::BadText);
  EXPECT_EQ(dec<ScAddPlayer>(to_bytes(ScAddPlayer{1, 0, 0, ""})), DecodeError::BadText);
  EXPECT_EQ(dec<ScAddPlayer>(to_bytes(ScAddPlayer{1, 0, 0, std::string("a\0b", 3)})),
            DecodeError::BadText);
  EXPECT_EQ(dec<ScAddPlayer>(to_bytes(ScAddPlayer{1, 0, 0, "tab\there"})), DecodeError::BadText);
}

TEST(DecodeErrors, FailedDecodeLeavesOutputUntouched) {
  CsMove m{1, 2, 3};
  EXPECT_EQ(decode(to_bytes(CsMove{9, 8, 7}), m), DecodeError::FieldOutOfRange);
  EXPECT_TRUE((m == CsMove{1, 2, 3}));
}

TEST(DecodeErrors, Names) {
  EXPECT_STREQ(to_string(DecodeError::None), "none");
  EXPECT_STREQ(to_string(DecodeError::BadText), "bad text");
  EXPECT_STREQ(to_string(DecodeError::TypeMismatch), "type mismatch");
}

}  // namespace
}  // namespace iocplab::proto
