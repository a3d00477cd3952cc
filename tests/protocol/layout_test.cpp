// Byte-exact little-endian layout of every packet, checked against frames written by hand.
#include <gtest/gtest.h>

#include "protocol/protocol.h"
#include "test_bytes.h"

namespace iocplab::proto {
namespace {

using test::bytes;
using test::cat;
using test::text;
using test::zeros;

TEST(Layout, CsLogin) {
  EXPECT_EQ(to_bytes(make_login("kim", "pw")),
            cat({bytes({43, 0, 1}), text("kim"), zeros(17), text("pw"), zeros(18)}));
}

TEST(Layout, CsMove) {
  EXPECT_EQ(to_bytes(CsMove{3, 0x04030201, 0xA0B0C0D0}),
            bytes({12, 0, 2, 3, 0x01, 0x02, 0x03, 0x04, 0xD0, 0xC0, 0xB0, 0xA0}));
}

TEST(Layout, CsChatLogoutObserve) {
  EXPECT_EQ(to_bytes(CsChat{"hi"}), bytes({5, 0, 3, 'h', 'i'}));
  EXPECT_EQ(to_bytes(CsChat{std::string(200, 'z')}),
            cat({bytes({203, 0, 3}), text(std::string(200, 'z'))}));
  EXPECT_EQ(to_bytes(CsLogout{}), bytes({3, 0, 4}));
  EXPECT_EQ(to_bytes(CsObserve{1}), bytes({4, 0, 5, 1}));
}

TEST(Layout, ScLoginOkAndFail) {
  EXPECT_EQ(to_bytes(ScLoginOk{0x11223344, 0x0102, 0x0304, 400, 400, 7}),
            bytes({17, 0, 11, 0x44, 0x33, 0x22, 0x11, 0x02, 0x01, 0x04, 0x03, 0x90, 0x01, 0x90,
                   0x01, 7, 0}));
  EXPECT_EQ(to_bytes(ScLoginFail{3}), bytes({4, 0, 12, 3}));
}

TEST(Layout, ScAddPlayer) {
  EXPECT_EQ(to_bytes(ScAddPlayer{5, 1, 2, "lee"}),
            cat({bytes({31, 0, 13, 5, 0, 0, 0, 1, 0, 2, 0}), text("lee"), zeros(17)}));
  // A name too long for the field is cut at 20 bytes, with no NUL.
  EXPECT_EQ(to_bytes(ScAddPlayer{5, 1, 2, std::string(25, 'n')}),
            cat({bytes({31, 0, 13, 5, 0, 0, 0, 1, 0, 2, 0}), text(std::string(20, 'n'))}));
}

TEST(Layout, ScMoveRemoveChat) {
  EXPECT_EQ(to_bytes(ScMovePlayer{0x01020304, 0x0A0B, 0x0C0D, 1, 0x0100}),
            bytes({19, 0, 14, 4, 3, 2, 1, 0x0B, 0x0A, 0x0D, 0x0C, 1, 0, 0, 0, 0, 1, 0, 0}));
  EXPECT_EQ(to_bytes(ScRemovePlayer{0xDEADBEEF}), bytes({7, 0, 15, 0xEF, 0xBE, 0xAD, 0xDE}));
  EXPECT_EQ(to_bytes(ScChat{2, "ok"}), bytes({9, 0, 16, 2, 0, 0, 0, 'o', 'k'}));
}

TEST(Layout, ScTelemetryTotals) {
  ScTelemetryTotals t{1, 2, 3, 4, 5, 0x0102030405060708ull, 6, 7, 8, 9, 10, 11, 12};
  EXPECT_EQ(to_bytes(t),
            bytes({87, 0, 17,                                       // header
                   1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0,  // uptime..max_sessions
                   5, 0, 0, 0,                                      // players_online
                   8, 7, 6, 5, 4, 3, 2, 1,                          // packets_in
                   6, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0,  // packets_out, bytes_in
                   8, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0,  // bytes_out, stale_drops
                   10, 0, 0, 0, 0, 0, 0, 0, 11, 0, 0, 0, 0, 0, 0, 0,  // violations, slow
                   12, 0, 0, 0, 0, 0, 0, 0}));                        // login_timeouts
}

TEST(Layout, ScTelemetryThreads) {
  ScTelemetryThreads t{0x01020304, {ThreadRecord{0, 1, 2, 3, 4, 5, 0x0A0B0C0D, 7}}};
  EXPECT_EQ(to_bytes(t), bytes({38, 0, 18, 4, 3, 2, 1, 1, 0,  // uptime, count 1, pad
                                0,                             // index
                                1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 5, 0, 0, 0,
                                0x0D, 0x0C, 0x0B, 0x0A, 7, 0, 0, 0}));
}

TEST(Layout, ScTelemetryRecvDocExample) {
  // TELEMETRY.md's example: carry_in 5, chunk_len 30, frames 2, frame_end [7, 19].
  ScTelemetryRecv r{0, {RecvRecord{1, 30, 5, {7, 19}}}};
  EXPECT_EQ(to_bytes(r), bytes({18, 0, 19, 1, 0,       // count 1, dropped 0
                                1, 0, 0, 0, 30, 0, 5, 0,  // recv_index, chunk_len, carry_in
                                2, 7, 0, 19, 0}));        // frames, frame_end
}

TEST(Layout, HeaderAccessors) {
  const auto f = bytes({0x04, 0x02, 16});
  EXPECT_EQ(frame_size(f), 0x0204);
  EXPECT_EQ(frame_type(f), 16);
}

}  // namespace
}  // namespace iocplab::proto
