// Violations: each closes that session with CloseReason::Violation; others notice only the
// usual SC_REMOVE_PLAYER.
#include "harness.h"

namespace iocplab::game::test {
namespace {

std::vector<uint8_t> frame(uint8_t type, std::vector<uint8_t> payload) {
  std::vector<uint8_t> f(3 + payload.size());
  f[2] = type;
  std::copy(payload.begin(), payload.end(), f.begin() + 3);
  f[0] = uint8_t(f.size());
  f[1] = uint8_t(f.size() >> 8);
  return f;
}

struct Case {
  const char* what;
  std::vector<uint8_t> frame;
};

std::vector<Case> after_login_cases() {
  std::vector<uint8_t> bad_utf8 = frame(3, {'a', 0xff});
  std::vector<uint8_t> surrogate = frame(3, {0xed, 0xa0, 0x80});
  std::vector<uint8_t> long_chat = frame(3, std::vector<uint8_t>(201, 'x'));
  return {
      {"second login", proto::to_bytes(proto::make_login("x", "y"))},
      {"dir 4", proto::to_bytes(proto::CsMove{4, 0, 0})},
      {"dir 255", proto::to_bytes(proto::CsMove{255, 0, 0})},
      {"observe 2", proto::to_bytes(proto::CsObserve{2})},
      {"empty chat", frame(3, {})},
      {"chat 201 bytes", long_chat},
      {"chat not UTF-8", bad_utf8},
      {"chat surrogate", surrogate},
      {"unknown type", frame(99, {})},
      {"type 0", frame(0, {1, 2})},
      {"server type from client", frame(11, std::vector<uint8_t>(14, 0))},
      {"move too short", frame(2, std::vector<uint8_t>(8, 0))},
      {"move too long", frame(2, std::vector<uint8_t>(10, 0))},
      {"logout with payload", frame(4, {0})},
      {"observe without payload", frame(5, {})},
      {"login too short", frame(1, std::vector<uint8_t>(39, 'a'))},
  };
}

TEST(Violation, EachOneClosesOnlyThatSession) {
  Harness h(small_config(10, 9));  // everyone sees everyone
  ASSERT_TRUE(h.login(sid(1000), "witness", "pw"));
  uint32_t slot = 1;
  for (const auto& c : after_login_cases()) {
    const auto id = sid(slot);
    ASSERT_TRUE(h.login(id, "p" + std::to_string(slot), "pw")) << c.what;
    ++slot;
    h.out.clear_frames();
    h.raw(id, c.frame);
    h.move(id, 1);  // behind the violation: ignored
    auto closed = h.out.closed(id);
    ASSERT_TRUE(closed) << c.what;
    EXPECT_EQ(closed->why, net::CloseReason::Violation) << c.what;
    EXPECT_FALSE(closed->detail.empty()) << c.what;
    EXPECT_EQ(h.out.frame_count(id), 0u) << c.what;
    auto w = h.packets(sid(1000));
    ASSERT_EQ(w.size(), 1u) << c.what;
    EXPECT_EQ(std::get<proto::ScRemovePlayer>(w[0]).id, id) << c.what;
    h.out.pump_ready();  // on_close
    EXPECT_FALSE(h.out.closed(sid(1000))) << c.what;
  }
  EXPECT_EQ(h.game().players_online(), 1u);
  EXPECT_EQ(h.out.double_closes(), 0);
}

TEST(Violation, AnythingButLoginFirst) {
  Harness h(small_config(10, 9));
  const std::vector<std::vector<uint8_t>> firsts = {
      proto::to_bytes(proto::CsMove{1, 0, 0}), proto::to_bytes(proto::CsChat{"hi"}),
      proto::to_bytes(proto::CsLogout{}),      proto::to_bytes(proto::CsObserve{1}),
      frame(99, {}),                           frame(1, std::vector<uint8_t>(41, 'a')),
  };
  uint32_t slot = 1;
  for (const auto& f : firsts) {
    const auto id = sid(slot++);
    h.open(id);
    h.raw(id, f);
    h.send(id, proto::make_login("late", "pw"));  // behind the violation: ignored
    h.out.pump_ready();
    auto closed = h.out.closed(id);
    ASSERT_TRUE(closed);
    EXPECT_EQ(closed->why, net::CloseReason::Violation);
    EXPECT_EQ(h.out.frame_count(id), 0u);
  }
  EXPECT_EQ(h.game().players_online(), 0u);
}

}  // namespace
}  // namespace iocplab::game::test
