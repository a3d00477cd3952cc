// Every packet survives encode -> decode unchanged, with the frame size PROTOCOL.md and
// TELEMETRY.md give.
#include <gtest/gtest.h>

#include "protocol/protocol.h"

namespace iocplab::proto {
namespace {

template <class P>
void expect_round_trip(const P& p, size_t frame_size_expected) {
  std::vector<uint8_t> out = {0xAA};  // encode appends: what was there stays
  encode(out, p);
  ASSERT_EQ(out.size(), 1 + frame_size_expected);
  EXPECT_EQ(out[0], 0xAA);
  std::span<const uint8_t> frame(out.data() + 1, out.size() - 1);
  EXPECT_EQ(frame_size(frame), frame_size_expected);
  P back;
  ASSERT_EQ(decode(frame, back), DecodeError::None);
  EXPECT_TRUE(back == p);
  Packet any;
  ASSERT_EQ(decode_any(frame, any), DecodeError::None);
  ASSERT_TRUE(std::holds_alternative<P>(any));
  EXPECT_TRUE(std::get<P>(any) == p);
  std::vector<uint8_t> again;
  encode(again, any);
  EXPECT_EQ(again, std::vector<uint8_t>(frame.begin(), frame.end()));
}

TEST(RoundTrip, ClientPackets) {
  expect_round_trip(make_login("player1", "secret"), 43);
  expect_round_trip(make_login("김철수", "12345678901234567890"), 43);
  expect_round_trip(CsMove{3, 0xFFFFFFFF, 123456}, 12);
  expect_round_trip(CsMove{0, 1, 0}, 12);
  expect_round_trip(CsChat{"a"}, 4);
  expect_round_trip(CsChat{"안녕하세요"}, 3 + 15);
  expect_round_trip(CsChat{std::string(200, 'x')}, 203);
  expect_round_trip(CsLogout{}, 3);
  expect_round_trip(CsObserve{0}, 4);
  expect_round_trip(CsObserve{1}, 4);
}

TEST(RoundTrip, ServerPackets) {
  expect_round_trip(ScLoginOk{0x00100001, 399, 0, 400, 400, 7}, 17);
  for (uint8_t reason = 1; reason <= 6; ++reason) expect_round_trip(ScLoginFail{reason}, 4);
  expect_round_trip(ScAddPlayer{42, 10, 20, "bob"}, 31);
  expect_round_trip(ScAddPlayer{42, 65535, 65535, "12345678901234567890"}, 31);
  expect_round_trip(ScAddPlayer{7, 0, 0, "이영희"}, 31);
  expect_round_trip(ScMovePlayer{42, 11, 20, 99, 0xDEADBEEF}, 19);
  expect_round_trip(ScRemovePlayer{0xFFFFFFFF}, 7);
  expect_round_trip(ScChat{42, "b"}, 8);
  expect_round_trip(ScChat{42, std::string(200, 'y')}, 207);
}

TEST(RoundTrip, TelemetryTotals) {
  ScTelemetryTotals t{1, 2, 3, 10000, 4, 5, 6, 7, 8, 9, 10, 11, 0xFFFFFFFFFFFFFFFFull};
  expect_round_trip(t, 87);
}

TEST(RoundTrip, TelemetryThreads) {
  ScTelemetryThreads t{1234, {}};
  expect_round_trip(t, 9);
  for (uint8_t i = 0; i < 32; ++i)
    t.threads.push_back(ThreadRecord{i, 1u + i, 2, 3, 4, 5, 0xFFFFFFFF, 7});
  expect_round_trip(t, 9 + 29 * 32);
  t.threads.resize(3);
  expect_round_trip(t, 9 + 29 * 3);
}

TEST(RoundTrip, TelemetryRecv) {
  expect_round_trip(ScTelemetryRecv{0, {}}, 5);
  ScTelemetryRecv r{3, {{1, 30, 5, {7, 19}}, {2, 4, 11, {}}, {3, 1, 0, {1}}}};
  expect_round_trip(r, 5 + (9 + 4) + 9 + (9 + 2));
}

TEST(RoundTrip, TypeNames) {
  EXPECT_STREQ(type_name(1), "CS_LOGIN");
  EXPECT_STREQ(type_name(5), "CS_OBSERVE");
  EXPECT_STREQ(type_name(16), "SC_CHAT");
  EXPECT_STREQ(type_name(19), "SC_TELEMETRY_RECV");
  for (int t : {0, 8, 10, 24, 255}) {
    EXPECT_STREQ(type_name(static_cast<uint8_t>(t)), "?");
    EXPECT_FALSE(known_type(static_cast<uint8_t>(t)));
  }
  int known = 0;
  for (int t = 0; t < 256; ++t) known += known_type(static_cast<uint8_t>(t));
  EXPECT_EQ(known, 20);  // 14 of PROTOCOL.md and the telemetry, 4 of the step mode, 2 of the flow view
}

}  // namespace
}  // namespace iocplab::proto
