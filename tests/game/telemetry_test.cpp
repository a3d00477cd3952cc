// Observe: telemetry frames 17, 18, 19 every second tick to subscribers only.
#include "harness.h"

namespace iocplab::game::test {
namespace {

class Telemetry : public ::testing::Test {
 protected:
  Telemetry() : h(small_config(10, 2)) {
    h.tel.totals_value.uptime_ms = 1234;
    h.tel.totals_value.sessions = 3;
    h.tel.totals_value.max_sessions = 10000;
    h.tel.totals_value.packets_in = 1ull << 40;
    h.tel.totals_value.login_timeouts = 9;
    h.tel.threads_value.resize(3);
    h.tel.threads_value[2].recvs = 77;
    h.tel.threads_value[1].wait_us = 5;
    h.tel.chunks_value = {net::RecvChunk{1, 43, 0, {43}}, net::RecvChunk{2, 30, 5, {7, 19}}};
    h.tel.dropped_value = 2;
  }
  Harness h;
};

TEST_F(Telemetry, ObserverGetsFramesEverySecondTick) {
  ASSERT_TRUE(h.login(sid(1), "obs", "pw"));
  ASSERT_TRUE(h.login(sid(2), "other", "pw"));
  h.out.clear_frames();
  h.send(sid(1), proto::CsObserve{1});
  EXPECT_TRUE(h.tel.recording(sid(1)));
  EXPECT_FALSE(h.tel.recording(sid(2)));

  h.game().tick();  // tick 0: telemetry
  auto p = h.packets(sid(1));
  ASSERT_EQ(p.size(), 3u);
  auto totals = std::get<proto::ScTelemetryTotals>(p[0]);
  EXPECT_EQ(totals.uptime_ms, 1234u);
  EXPECT_EQ(totals.sessions, 3u);
  EXPECT_EQ(totals.max_sessions, 10000u);
  EXPECT_EQ(totals.players_online, 2u);
  EXPECT_EQ(totals.packets_in, 1ull << 40);
  EXPECT_EQ(totals.login_timeouts, 9u);
  auto threads = std::get<proto::ScTelemetryThreads>(p[1]);
  EXPECT_EQ(threads.uptime_ms, 1234u);
  ASSERT_EQ(threads.threads.size(), 3u);
  EXPECT_EQ(threads.threads[2].index, 2);
  EXPECT_EQ(threads.threads[2].recvs, 77u);
  EXPECT_EQ(threads.threads[1].wait_us, 5u);
  auto recv = std::get<proto::ScTelemetryRecv>(p[2]);
  EXPECT_EQ(recv.dropped, 2);
  ASSERT_EQ(recv.chunks.size(), 2u);
  EXPECT_EQ(recv.chunks[1].carry_in, 5);
  EXPECT_EQ(recv.chunks[1].frame_end, (std::vector<uint16_t>{7, 19}));
  EXPECT_EQ(h.out.frame_count(sid(2)), 0u);  // not subscribed

  h.game().tick();  // tick 1: nothing
  EXPECT_EQ(h.out.frame_count(sid(1)), 3u);
  h.game().tick();  // tick 2: again
  EXPECT_EQ(h.out.frame_count(sid(1)), 6u);

  h.send(sid(1), proto::CsObserve{0});
  EXPECT_FALSE(h.tel.recording(sid(1)));
  h.game().tick();
  h.game().tick();
  EXPECT_EQ(h.out.frame_count(sid(1)), 6u);
}

TEST_F(Telemetry, DisconnectEndsTheSubscription) {
  ASSERT_TRUE(h.login(sid(1), "obs", "pw"));
  h.send(sid(1), proto::CsObserve{1});
  h.disconnect(sid(1));
  EXPECT_FALSE(h.tel.recording(sid(1)));
  h.out.clear_frames();
  h.game().tick();
  EXPECT_EQ(h.out.frame_count(sid(1)), 0u);
}

TEST_F(Telemetry, ManyThreadsAreCutAt32) {
  h.tel.threads_value.resize(40);
  ASSERT_TRUE(h.login(sid(1), "obs", "pw"));
  h.send(sid(1), proto::CsObserve{1});
  h.out.clear_frames();
  h.game().tick();
  auto t = h.of_type<proto::ScTelemetryThreads>(sid(1));
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].threads.size(), 32u);
  for (auto& f : h.out.frames(sid(1))) EXPECT_LE(f.size(), 1024u);
}

TEST_F(Telemetry, RecvFrameKeepsTheNewestChunksThatFit) {
  h.tel.chunks_value.clear();
  for (uint32_t i = 1; i <= 64; ++i) {
    net::RecvChunk c{i, 1000, 0, {}};
    for (uint16_t f = 1; f <= 40; ++f) c.frame_end.push_back(uint16_t(f * 25));
    h.tel.chunks_value.push_back(c);
  }
  h.tel.dropped_value = 0;
  ASSERT_TRUE(h.login(sid(1), "obs", "pw"));
  h.send(sid(1), proto::CsObserve{1});
  h.out.clear_frames();
  h.game().tick();
  auto r = h.of_type<proto::ScTelemetryRecv>(sid(1));
  ASSERT_EQ(r.size(), 1u);
  // Each record is 9 + 80 = 89 bytes: 11 fit in 1024 - 5.
  ASSERT_EQ(r[0].chunks.size(), 11u);
  EXPECT_EQ(r[0].chunks.front().recv_index, 54u);  // the newest, oldest first
  EXPECT_EQ(r[0].chunks.back().recv_index, 64u);
  EXPECT_EQ(r[0].dropped, 53);
  for (auto& f : h.out.frames(sid(1))) EXPECT_LE(f.size(), 1024u);
}

}  // namespace
}  // namespace iocplab::game::test
