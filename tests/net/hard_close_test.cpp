// A hard close (slow reader, reset, violation) while a WSASend is in flight: the buffers
// that WSASend was handed must stay alive until its completion is dequeued. On real IOCP
// and io_uring the kernel may still be reading them after closesocket returns.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>

#include "test_support.h"

using namespace std::chrono_literals;
using iocplab::net::Bytes;
using iocplab::net::CloseReason;
using iocplab::net::SessionId;
using namespace iocplab::testing;

namespace {

// With one worker, the thread running the posted function is the only one that
// dequeues: while it runs, the completion of a WSASend it started cannot have been
// handled yet, whatever the engine did with the send. (Posted, not from on_frame: sends
// made while a chunk's frames are handled are only queued until the chunk is done.)
struct HardCloseProbe {
  std::weak_ptr<const std::vector<uint8_t>> in_flight, queued;
  std::atomic<int> alive_after_close{-1};  // 1: the in-flight buffer outlived the close
  std::atomic<int> queued_alive{-1};
};

void run_hard_close(CloseReason why) {
  auto cfg = loopback_server_config();
  cfg.workers = 1;
  RunningServer r(cfg);
  ASSERT_TRUE(r.started);
  LoopbackClient c;
  c.set_recv_buffer(4096);  // reads nothing: the send stays pending on IOCP and io_uring
  ASSERT_TRUE(c.connect(r.server.port()));
  ASSERT_TRUE(r.handler.wait_opened(1));
  const SessionId id = r.handler.opened().at(0);
  HardCloseProbe probe;
  r.server.post([&] {
    Bytes first = make_shared_bytes(std::vector<uint8_t>(256 * 1024, 0x5A));  // starts the WSASend
    Bytes second = make_shared_bytes(std::vector<uint8_t>(1024, 0x6B));      // queued behind it
    probe.in_flight = first;
    probe.queued = second;
    r.server.send(id, std::move(first));
    r.server.send(id, std::move(second));
    r.server.close(id, why, "test");
    probe.alive_after_close = probe.in_flight.expired() ? 0 : 1;
    probe.queued_alive = probe.queued.expired() ? 0 : 1;
  });
  ASSERT_TRUE(r.handler.wait([&] { return r.handler.close_count() == 1; }));
  EXPECT_EQ(probe.alive_after_close.load(), 1)
      << "the buffer of the WSASend in flight was freed before its completion was dequeued";
  EXPECT_EQ(probe.queued_alive.load(), 0) << "a buffer not handed to WSASend goes at once";
  // Once the completion was handled the slot is free and nothing is held any more.
  EXPECT_TRUE(eventually([&] { return r.server.totals().slots_in_use == 0; }));
  EXPECT_TRUE(probe.in_flight.expired()) << "released after the completion";
}

}  // namespace

TEST(NetServer, HardCloseAsSlowReaderKeepsTheInFlightSendBuffer) { run_hard_close(CloseReason::SlowReader); }
TEST(NetServer, HardCloseAsResetKeepsTheInFlightSendBuffer) { run_hard_close(CloseReason::Reset); }

// The replies to one recv chunk's frames leave in one WSASend (not one for the first frame
// and another for the rest).
TEST(NetServer, RepliesToOneChunkLeaveInOneSend) {
  auto cfg = loopback_server_config();
  cfg.workers = 1;
  RunningServer r(cfg);
  ASSERT_TRUE(r.started);
  LoopbackClient c;
  ASSERT_TRUE(c.connect(r.server.port()));
  ASSERT_TRUE(r.handler.wait_opened(1));
  std::vector<uint8_t> chunk;
  for (int i = 0; i < 50; ++i) {
    auto f = make_frame(3, 2, static_cast<uint8_t>(i));
    chunk.insert(chunk.end(), f.begin(), f.end());
  }
  ASSERT_TRUE(c.send_all(chunk));  // 250 bytes: one segment on loopback
  EXPECT_EQ(c.read_bytes(chunk.size(), 5s), chunk);
  uint64_t recvs = 0, sends = 0;
  ASSERT_TRUE(eventually([&] {
    recvs = sends = 0;
    for (auto& t : r.server.threads()) {
      recvs += t.recvs;
      sends += t.sends;
    }
    return r.server.totals().bytes_out == chunk.size();
  }));
  EXPECT_GE(recvs, 1u);
  EXPECT_LE(sends, recvs) << "at most one send per chunk received";
}
