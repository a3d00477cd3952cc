// PROTOCOL.md v1.1: frames behind a pending CS_LOGIN total at most 65536 bytes (sum of their
// size fields); the frame that would pass that is a violation; a frame of a bad type or size
// behind it closes at once; the heap they take is bounded by that count, not their number.
#include <malloc.h>

#include "harness.h"

namespace iocplab::game::test {
namespace {

constexpr size_t kMaxHeld = 65536;

// CS_LOGIN sent; the store's answer waits in the outbox queue until the test pumps it.
void pending_login(Harness& h, net::SessionId id, std::string_view name) {
  h.open(id);
  h.send(id, proto::make_login(name, "pw"));
}

TEST(HeldFrames, ExactlyTheLimitIsKeptAndHandledAfterTheLogin) {
  Harness h(small_config(400, 7));
  pending_login(h, sid(1), "alice");
  // 5461 moves (65532 bytes) and one 4-byte CS_OBSERVE(0): 65536 exactly.
  const size_t moves = (kMaxHeld - 4) / proto::kMoveSize;
  ASSERT_EQ(moves * proto::kMoveSize + 4, kMaxHeld);
  for (uint32_t i = 0; i < moves; ++i) h.move(sid(1), 3, i + 1, 0);
  h.send(sid(1), proto::CsObserve{0});
  EXPECT_FALSE(h.out.closed(sid(1)));
  ASSERT_TRUE(h.await_answer(sid(1)));
  auto echoes = h.of_type<proto::ScMovePlayer>(sid(1));
  ASSERT_EQ(echoes.size(), moves);  // every held move handled, in order
  EXPECT_EQ(echoes.back().seq, moves);
  EXPECT_FALSE(h.out.closed(sid(1)));
}

TEST(HeldFrames, TheFrameThatWouldPassTheLimitIsAViolation) {
  Harness h(small_config(400, 7));
  pending_login(h, sid(1), "alice");
  const size_t logouts = kMaxHeld / proto::kLogoutSize;  // 21845 frames, 65535 bytes
  for (size_t i = 0; i < logouts; ++i) h.send(sid(1), proto::CsLogout{});
  EXPECT_FALSE(h.out.closed(sid(1)));
  h.send(sid(1), proto::CsLogout{});  // 65538 > 65536
  auto c = h.out.closed(sid(1));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->why, net::CloseReason::Violation);
  h.out.pump_ready();
  EXPECT_TRUE(h.of_type<proto::ScLoginOk>(sid(1)).empty());  // the answer came too late
  EXPECT_EQ(h.game().players_online(), 0u);
}

TEST(HeldFrames, BadTypeBehindAPendingLoginClosesAtOnce) {
  Harness h(small_config(400, 7));
  pending_login(h, sid(1), "alice");
  h.move(sid(1), 3);
  h.raw(sid(1), {3, 0, 99});  // unknown type
  auto c = h.out.closed(sid(1));
  ASSERT_TRUE(c);  // before the login's answer
  EXPECT_EQ(c->why, net::CloseReason::Violation);
}

TEST(HeldFrames, WrongSizeOrServerTypeBehindAPendingLoginClosesAtOnce) {
  Harness h(small_config(400, 7));
  pending_login(h, sid(1), "alice");
  h.raw(sid(1), {4, 0, uint8_t(proto::Type::CsLogout), 0});  // CS_LOGOUT is 3 bytes
  EXPECT_TRUE(h.out.closed(sid(1)));
  pending_login(h, sid(2), "bob");
  h.send(sid(2), proto::ScRemovePlayer{1});  // a server-to-client type
  EXPECT_TRUE(h.out.closed(sid(2)));
}

TEST(HeldFrames, FieldErrorsBehindAPendingLoginWaitForTheLogin) {
  Harness h(small_config(400, 7));
  pending_login(h, sid(1), "alice");
  h.move(sid(1), 7);  // dir out of range: a violation once handled, not before
  EXPECT_FALSE(h.out.closed(sid(1)));
  ASSERT_TRUE(h.out.pump_until([&] { return h.out.closed(sid(1)).has_value(); }));
  EXPECT_EQ(h.of_type<proto::ScLoginOk>(sid(1)).size(), 1u);
  EXPECT_EQ(h.out.closed(sid(1))->why, net::CloseReason::Violation);
}

#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
// The heap a pending login's held frames take (glibc's count of bytes in use). 3-byte frames
// are the worst case for a per-frame container.
TEST(HeldFrames, HeapForAFullHoldOfTinyFramesIsAboutItsWireBytes) {
  Harness h(small_config(400, 7));
  pending_login(h, sid(1), "alice");
  // The store's work for the login (hash, SQLite) is done once its answer is posted; the login
  // stays pending until the test pumps it, and no other thread allocates while we measure.
  ASSERT_TRUE(h.out.wait_posted());
  const std::vector<uint8_t> logout = proto::to_bytes(proto::CsLogout{});
  const size_t before = mallinfo2().uordblks;
  for (size_t i = 0; i < kMaxHeld / proto::kLogoutSize; ++i) h.raw(sid(1), logout);
  const size_t after = mallinfo2().uordblks;
  ASSERT_FALSE(h.out.closed(sid(1)));
  const size_t held = after > before ? after - before : 0;
  RecordProperty("held_heap_bytes", std::to_string(held));
  std::printf("heap for 21845 held 3-byte frames (65535 wire bytes): %zu B\n", held);
  // The buffer itself plus slack (a per-frame container took 1,248,944 B). Measured while the
  // store was still hashing, other threads' blocks showed up: 75680 and 79472 B were seen.
  EXPECT_LE(held, kMaxHeld + 8192);
}
#endif

}  // namespace
}  // namespace iocplab::game::test
