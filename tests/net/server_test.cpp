// net::Server over loopback with an echo handler: many clients, the close path (graceful,
// peer, violation, slow reader, shutdown, server full), stale ids and completions, the
// acceptor's recovery, posts and telemetry.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <chrono>
#include <memory>
#include <random>
#include <thread>

#include "echo_handler.h"
#include "loopback_client.h"
#include "server.h"

using namespace std::chrono_literals;
using iocplab::net::Bytes;
using iocplab::net::CloseReason;
using iocplab::net::Server;
using iocplab::net::ServerConfig;
using iocplab::net::SessionId;
using iocplab::net::SessionTable;
using iocplab::testing::EchoHandler;
using iocplab::testing::LoopbackClient;

namespace {

std::vector<uint8_t> frame(uint8_t type, size_t payload, uint8_t fill = 0) {
  std::vector<uint8_t> f(3 + payload, fill);
  f[0] = static_cast<uint8_t>((3 + payload) & 0xFF);
  f[1] = static_cast<uint8_t>((3 + payload) >> 8);
  f[2] = type;
  return f;
}

Bytes shared(std::vector<uint8_t> v) { return std::make_shared<const std::vector<uint8_t>>(std::move(v)); }

// Bounded wait for a condition no event announces (a counter of the server).
template <class F>
bool eventually(F f, std::chrono::milliseconds limit = 5s) {
  auto end = std::chrono::steady_clock::now() + limit;
  while (!f()) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

ServerConfig loopback_config() {
  ServerConfig c;
  c.address = "127.0.0.1";
  c.port = 0;
  c.workers = 2;
  c.max_sessions = 256;
  c.linger = 2000ms;
  return c;
}

struct Running {
  explicit Running(ServerConfig cfg) : server(std::move(cfg)) {
    handler.set_outbox(&server);
    std::string error;
    started = server.start(&handler, &error);
    EXPECT_TRUE(started) << error;
  }
  ~Running() { server.stop(); }
  LoopbackClient connect() {
    LoopbackClient c;
    EXPECT_TRUE(c.connect(server.port()));
    return c;
  }
  EchoHandler handler;
  Server server;
  bool started = false;
};

}  // namespace

TEST(NetServer, EchoesEveryFrameInOrderForManyClients) {
  Running r(loopback_config());
  ASSERT_TRUE(r.started);
  constexpr int kThreads = 4, kClientsPerThread = 16, kFrames = 30;
  std::atomic<int> good{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 rng(t);
      std::vector<LoopbackClient> clients(kClientsPerThread);
      std::vector<std::vector<uint8_t>> streams(kClientsPerThread);
      for (int i = 0; i < kClientsPerThread; ++i) {
        if (!clients[i].connect(r.server.port())) return;
        for (int k = 0; k < kFrames; ++k) {
          auto f = frame(static_cast<uint8_t>(1 + k % 5), rng() % 300, static_cast<uint8_t>(i + k));
          streams[i].insert(streams[i].end(), f.begin(), f.end());
        }
      }
      // Send every stream in random-sized pieces (1 byte to 700), interleaved.
      std::vector<size_t> sent(kClientsPerThread, 0);
      for (bool more = true; more;) {
        more = false;
        for (int i = 0; i < kClientsPerThread; ++i) {
          size_t left = streams[i].size() - sent[i];
          if (!left) continue;
          size_t n = std::min<size_t>(left, 1 + rng() % 700);
          if (!clients[i].send_all(std::span(streams[i]).subspan(sent[i], n))) return;
          sent[i] += n;
          more = more || sent[i] < streams[i].size();
        }
      }
      for (int i = 0; i < kClientsPerThread; ++i) {
        auto echoed = clients[i].read_bytes(streams[i].size(), 10s);
        if (echoed && *echoed == streams[i]) ++good;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(good.load(), kThreads * kClientsPerThread);
  auto totals = r.server.totals();
  EXPECT_EQ(totals.packets_in, uint64_t(kThreads * kClientsPerThread * kFrames));
  EXPECT_EQ(totals.packets_out, totals.packets_in);
  // bytes_out counts completed sends: the last completion may follow the client's read.
  EXPECT_TRUE(eventually([&] { return r.server.totals().bytes_out == totals.bytes_in; }));
  // A worker counts an accept after handling it, and handling it posts the first recv: the
  // echo can be back before the count (seen 63 of 64 once on io_uring).
  auto accepts = [&] {
    uint64_t n = 0;
    for (auto& t : r.server.threads()) n += t.accepts;
    return n;
  };
  EXPECT_TRUE(eventually([&] { return accepts() >= uint64_t(kThreads * kClientsPerThread); })) << accepts();
  uint64_t recvs = 0, sends = 0;
  for (auto& t : r.server.threads()) {
    recvs += t.recvs;
    sends += t.sends;
  }
  EXPECT_EQ(r.server.threads().size(), 2u);
  EXPECT_GT(recvs, 0u);
  EXPECT_GT(sends, 0u);
}

// send_copy (the framework echo's path) and send (shared Bytes) mixed on one session:
// every reply arrives whole and in call order, several frames of one recv in one block.
TEST(NetServer, CopiedAndSharedRepliesArriveWholeAndInCallOrder) {
  Running r(loopback_config());
  ASSERT_TRUE(r.started);
  r.handler.set_frame_hook([&](SessionId id, std::span<const uint8_t> f) {
    if (f[2] % 3 == 0)
      r.server.send(id, shared(std::vector<uint8_t>(f.begin(), f.end())));
    else
      r.server.send_copy(id, f);
  });
  constexpr int kClients = 8, kFrames = 200;
  std::vector<LoopbackClient> clients(kClients);
  std::vector<std::vector<uint8_t>> streams(kClients);
  std::mt19937 rng(7);
  for (int i = 0; i < kClients; ++i) {
    ASSERT_TRUE(clients[i].connect(r.server.port()));
    for (int k = 0; k < kFrames; ++k) {
      auto f = frame(static_cast<uint8_t>(1 + rng() % 9), rng() % 1000, static_cast<uint8_t>(k));
      streams[i].insert(streams[i].end(), f.begin(), f.end());
    }
    ASSERT_TRUE(clients[i].send_all(streams[i]));  // many frames per recv
  }
  for (int i = 0; i < kClients; ++i) {
    auto echoed = clients[i].read_bytes(streams[i].size(), 10s);
    ASSERT_TRUE(echoed) << "client " << i;
    EXPECT_TRUE(*echoed == streams[i]) << "client " << i << ": replies out of order or torn";
  }
  EXPECT_EQ(r.server.totals().packets_out, uint64_t(kClients * kFrames));
}

TEST(NetServer, CopiedRepliesCountTowardsTheSendLimit) {
  ServerConfig cfg = loopback_config();
  cfg.send_limit = 64 * 1024;
  Running r(cfg);
  ASSERT_TRUE(r.started);
  LoopbackClient slow;
  slow.set_recv_buffer(4096);
  ASSERT_TRUE(slow.connect(r.server.port()));  // never reads
  ASSERT_TRUE(r.handler.wait_opened(1));
  SessionId id = r.handler.opened().at(0);
  const auto f = frame(16, 1021);
  int sends = 0;
  for (; sends < 100000 && r.handler.closes(id).empty(); ++sends) r.server.send_copy(id, f);
  ASSERT_TRUE(r.handler.wait_closed(id)) << "after " << sends << " sends";
  EXPECT_EQ(r.handler.closes(id), std::vector<CloseReason>{CloseReason::SlowReader});
  EXPECT_TRUE(eventually([&] { return r.server.totals().slots_in_use == 0; }));
}

TEST(NetServer, GracefulCloseDeliversEverythingQueuedThenEndOfStream) {
  Running r(loopback_config());
  ASSERT_TRUE(r.started);
  constexpr int kReplies = 300;  // 300 KB queued before the close
  r.handler.set_frame_hook([&](SessionId id, std::span<const uint8_t>) {
    for (int i = 0; i < kReplies; ++i) r.server.send(id, shared(frame(12, 997, static_cast<uint8_t>(i))));
    r.server.close(id, CloseReason::LoginFailed, "test");
  });
  LoopbackClient c = r.connect();
  auto request = frame(1, 40);
  auto behind = frame(2, 9);
  for (int i = 0; i < 20; ++i) request.insert(request.end(), behind.begin(), behind.end());
  ASSERT_TRUE(c.send_all(request));  // frames behind the one that closes are never handled
  for (int i = 0; i < kReplies; ++i) {
    auto f = c.read_frame(5s);
    ASSERT_TRUE(f.has_value()) << "frame " << i;
    ASSERT_EQ(f->size(), 1000u);
    ASSERT_EQ((*f)[3], static_cast<uint8_t>(i));
  }
  EXPECT_TRUE(c.wait_eof(5s)) << "a clean end of stream, not a reset";
  ASSERT_TRUE(r.handler.wait([&] { return r.handler.close_count() == 1; }));
  SessionId id = r.handler.opened().at(0);
  EXPECT_EQ(r.handler.closes(id), std::vector<CloseReason>{CloseReason::LoginFailed});
  EXPECT_EQ(r.handler.frames(id), 1u);
  EXPECT_EQ(r.handler.frames_after_close(), 0u);
  EXPECT_TRUE(eventually([&] { return r.server.totals().slots_in_use == 0; }));
}

TEST(NetServer, CloseInsideOnFrameStopsTheRestOfTheChunk) {
  Running r(loopback_config());
  ASSERT_TRUE(r.started);
  r.handler.set_frame_hook([&](SessionId id, std::span<const uint8_t>) {
    r.server.close(id, CloseReason::Logout);
  });
  LoopbackClient c = r.connect();
  std::vector<uint8_t> five;
  for (int i = 0; i < 5; ++i) {
    auto f = frame(4, 0);
    five.insert(five.end(), f.begin(), f.end());
  }
  ASSERT_TRUE(c.send_all(five));
  EXPECT_TRUE(c.wait_eof(5s));
  ASSERT_TRUE(r.handler.wait([&] { return r.handler.close_count() == 1; }));
  SessionId id = r.handler.opened().at(0);
  EXPECT_EQ(r.handler.frames(id), 1u);
  EXPECT_EQ(r.handler.closes(id), std::vector<CloseReason>{CloseReason::Logout});
}

TEST(NetServer, SlowReaderIsCutOffAndItsMemoryFreed) {
  ServerConfig cfg = loopback_config();
  cfg.send_limit = 64 * 1024;
  Running r(cfg);
  ASSERT_TRUE(r.started);
  LoopbackClient slow;
  slow.set_recv_buffer(4096);
  ASSERT_TRUE(slow.connect(r.server.port()));  // never reads
  ASSERT_TRUE(r.handler.wait_opened(1));
  SessionId id = r.handler.opened().at(0);

  std::weak_ptr<const std::vector<uint8_t>> last;
  int sends = 0;
  for (; sends < 100000 && r.handler.closes(id).empty(); ++sends) {
    Bytes b = shared(frame(16, 1021));
    last = b;
    r.server.send(id, std::move(b));
  }
  ASSERT_TRUE(r.handler.wait_closed(id)) << "after " << sends << " sends";
  EXPECT_EQ(r.handler.closes(id), std::vector<CloseReason>{CloseReason::SlowReader});
  EXPECT_EQ(r.server.totals().slow_readers, 1u);
  EXPECT_TRUE(eventually([&] { return r.server.totals().slots_in_use == 0; }));
  EXPECT_TRUE(last.expired()) << "queued buffers are released at the cut-off";
  // Sends after the cut-off are stale and dropped.
  auto before = r.server.totals().stale_drops;
  r.server.send(id, shared(frame(16, 10)));
  EXPECT_EQ(r.server.totals().stale_drops, before + 1);

  LoopbackClient other = r.connect();  // others are unaffected
  auto f = frame(3, 10, 7);
  ASSERT_TRUE(other.send_all(f));
  EXPECT_EQ(other.read_frame(5s), f);
}

TEST(NetServer, StaleCompletionAndSendNeverReachTheSlotsNewOccupant) {
  ServerConfig cfg = loopback_config();
  cfg.max_sessions = 1;  // forces the reuse of slot 0
  Running r(cfg);
  ASSERT_TRUE(r.started);

  LoopbackClient a = r.connect();
  ASSERT_TRUE(r.handler.wait_opened(1));
  const SessionId old_id = r.handler.opened().at(0);
  a.close();
  ASSERT_TRUE(r.handler.wait_closed(old_id));
  ASSERT_TRUE(eventually([&] { return r.server.totals().slots_in_use == 0; }));

  LoopbackClient b = r.connect();
  ASSERT_TRUE(r.handler.wait_opened(2));
  const SessionId new_id = r.handler.opened().at(1);
  ASSERT_EQ(SessionTable::slot_of(new_id), SessionTable::slot_of(old_id));
  ASSERT_NE(new_id, old_id);

  // A completion still addressed to the old generation (key = the slot) arrives late.
  iocplab::net::RecvOp late_recv;
  late_recv.generation = SessionTable::generation_of(old_id);
  iocplab::net::SendOp late_send;
  late_send.generation = SessionTable::generation_of(old_id);
  const auto before = r.server.totals().stale_drops;
  ASSERT_TRUE(r.server.completion_port().post(SessionTable::slot_of(old_id), &late_recv.ov, 5));
  ASSERT_TRUE(r.server.completion_port().post(SessionTable::slot_of(old_id), &late_send.ov, 5));
  ASSERT_TRUE(eventually([&] { return r.server.totals().stale_drops == before + 2; }));
  // So does a send and a close naming the old id.
  r.server.send(old_id, shared(frame(16, 4, 0xEE)));
  r.server.close(old_id, CloseReason::Violation);
  EXPECT_EQ(r.server.totals().stale_drops, before + 4);

  // The new occupant saw none of it: its next bytes are its own echo, it is still open.
  auto f = frame(3, 6, 1);
  ASSERT_TRUE(b.send_all(f));
  EXPECT_EQ(b.read_frame(5s), f);
  EXPECT_EQ(r.handler.frames(new_id), 1u);
  EXPECT_TRUE(r.handler.closes(new_id).empty());
  EXPECT_EQ(r.handler.closes(old_id), std::vector<CloseReason>{CloseReason::PeerClosed});
}

TEST(NetServer, AcceptorKeepsAcceptingAfterFailedReposts) {
  ServerConfig cfg = loopback_config();
  cfg.accepts_outstanding = 4;
  std::atomic<int> calls{0};
  constexpr int kFailures = 6;
  cfg.accept_socket_factory = [&calls]() -> SOCKET {
    if (calls.fetch_add(1) < kFailures) {
      WSASetLastError(WSAEMFILE);
      return INVALID_SOCKET;
    }
    return WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP, nullptr, 0, WSA_FLAG_OVERLAPPED);
  };
  Running r(cfg);
  ASSERT_TRUE(r.started);
  std::vector<LoopbackClient> clients;
  for (int i = 0; i < 10; ++i) {
    clients.push_back(r.connect());
    auto f = frame(3, 5, static_cast<uint8_t>(i));
    ASSERT_TRUE(clients.back().send_all(f));
    ASSERT_EQ(clients.back().read_frame(10s), f) << "client " << i;
  }
  EXPECT_GE(r.server.acceptor()->failures(), uint64_t(kFailures));
  EXPECT_GE(r.server.acceptor()->accepted(), 10u);
  EXPECT_EQ(r.server.acceptor()->outstanding(), 4u) << "every op is back in play";
}

TEST(NetServer, OverMaxSessionsGetsLoginFail3ThenEndOfStream) {
  ServerConfig cfg = loopback_config();
  cfg.max_sessions = 2;
  Running r(cfg);
  ASSERT_TRUE(r.started);
  LoopbackClient a = r.connect(), b = r.connect();
  ASSERT_TRUE(r.handler.wait_opened(2));
  LoopbackClient c = r.connect();
  ASSERT_TRUE(c.send_all(frame(1, 40)));  // its login is never read
  auto f = c.read_frame(5s);
  EXPECT_EQ(f, (std::vector<uint8_t>{4, 0, 12, 3}));
  EXPECT_TRUE(c.wait_eof(5s));
  EXPECT_EQ(r.server.closes(CloseReason::ServerFull), 1u);
  EXPECT_EQ(r.handler.opened().size(), 2u);
  auto echo = frame(3, 1);
  ASSERT_TRUE(a.send_all(echo));
  EXPECT_EQ(a.read_frame(5s), echo);
}

TEST(NetServer, BadFrameSizeClosesOnlyThatSession) {
  Running r(loopback_config());
  ASSERT_TRUE(r.started);
  LoopbackClient bad = r.connect(), good = r.connect();
  ASSERT_TRUE(r.handler.wait_opened(2));
  ASSERT_TRUE(bad.send_all(std::vector<uint8_t>{2, 0, 1}));
  bad.wait_eof(5s);
  EXPECT_TRUE(bad.eof());
  ASSERT_TRUE(r.handler.wait([&] { return r.handler.close_count() == 1; }));
  EXPECT_EQ(r.server.totals().violations, 1u);
  auto f = frame(3, 100);
  ASSERT_TRUE(good.send_all(f));
  EXPECT_EQ(good.read_frame(5s), f);
  ASSERT_TRUE(bad.connect(r.server.port()));  // a frame over 1024 is one too
  ASSERT_TRUE(bad.send_all(std::vector<uint8_t>{0x01, 0x04, 1}));
  bad.wait_eof(5s);
  EXPECT_TRUE(bad.eof());
  EXPECT_TRUE(eventually([&] { return r.server.totals().violations == 2; }));
}

TEST(NetServer, PeerCloseCallsOnCloseOnceAndFreesTheSlot) {
  Running r(loopback_config());
  ASSERT_TRUE(r.started);
  {
    LoopbackClient c = r.connect();
    ASSERT_TRUE(r.handler.wait_opened(1));
  }
  SessionId id = r.handler.opened().at(0);
  ASSERT_TRUE(r.handler.wait_closed(id));
  EXPECT_TRUE(eventually([&] { return r.server.totals().slots_in_use == 0; }));
  EXPECT_EQ(r.server.totals().sessions, 0u);
  EXPECT_EQ(r.handler.closes(id), std::vector<CloseReason>{CloseReason::PeerClosed});
}

TEST(NetServer, StopClosesEverySessionExactlyOnce) {
  auto r = std::make_unique<Running>(loopback_config());
  ASSERT_TRUE(r->started);
  std::vector<LoopbackClient> clients;
  for (int i = 0; i < 5; ++i) clients.push_back(r->connect());
  ASSERT_TRUE(r->handler.wait_opened(5));
  r->server.stop();
  for (SessionId id : r->handler.opened())
    EXPECT_EQ(r->handler.closes(id), std::vector<CloseReason>{CloseReason::Shutdown});
  for (auto& c : clients) {
    c.wait_eof(5s);
    EXPECT_TRUE(c.eof());
  }
  EXPECT_EQ(r->server.totals().slots_in_use, 0u);
}

TEST(NetServer, PostRunsTheFunctionOnAWorkerThread) {
  Running r(loopback_config());
  ASSERT_TRUE(r.started);
  std::atomic<int> ran{0};
  std::atomic<bool> on_worker{false};
  for (int i = 0; i < 10; ++i)
    r.server.post([&] {
      on_worker = iocplab::net::WorkerPool::on_worker_thread();
      ++ran;
    });
  ASSERT_TRUE(eventually([&] { return ran.load() == 10; }));
  EXPECT_TRUE(on_worker.load());
  EXPECT_TRUE(eventually([&] {
    uint64_t posted = 0;
    for (auto& t : r.server.threads()) posted += t.posted;
    return posted >= 10;
  }));
}

TEST(NetServer, RecordsRecvChunksForTelemetry) {
  Running r(loopback_config());
  ASSERT_TRUE(r.started);
  LoopbackClient c = r.connect();
  ASSERT_TRUE(r.handler.wait_opened(1));
  SessionId id = r.handler.opened().at(0);
  r.server.set_recv_recording(id, true);
  auto f1 = frame(3, 7), f2 = frame(3, 7);  // 10 bytes each
  std::vector<uint8_t> first(f1);
  first.insert(first.end(), f2.begin(), f2.begin() + 5);
  ASSERT_TRUE(c.send_all(first));
  ASSERT_EQ(c.read_frame(5s), f1);  // the server handled the first chunk
  ASSERT_TRUE(c.send_all(std::span(f2).subspan(5)));
  ASSERT_EQ(c.read_frame(5s), f2);
  // A chunk is recorded once its frames were handled, so it may trail the echo a little.
  std::vector<iocplab::net::RecvChunk> chunks;
  uint32_t dropped = 0;
  EXPECT_TRUE(eventually([&] {
    uint32_t d = 0;
    for (auto& ch : r.server.take_recv_chunks(id, &d)) chunks.push_back(ch);
    dropped += d;
    return chunks.size() >= 2;
  }));
  EXPECT_EQ(dropped, 0u);
  ASSERT_EQ(chunks.size(), 2u);
  EXPECT_EQ(chunks[0].recv_index, 1u);
  EXPECT_EQ(chunks[0].chunk_len, 15u);
  EXPECT_EQ(chunks[0].carry_in, 0u);
  EXPECT_EQ(chunks[0].frame_end, std::vector<uint16_t>{10});
  EXPECT_EQ(chunks[1].recv_index, 2u);
  EXPECT_EQ(chunks[1].chunk_len, 5u);
  EXPECT_EQ(chunks[1].carry_in, 5u);
  EXPECT_EQ(chunks[1].frame_end, std::vector<uint16_t>{5});
  EXPECT_TRUE(r.server.take_recv_chunks(id, &dropped).empty());
}

TEST(NetServer, OnCloseWaitsForTheOnFrameInProgress) {
  Running r(loopback_config());
  ASSERT_TRUE(r.started);
  std::mutex gate_mu;
  std::condition_variable gate_cv;
  bool in_frame = false, release = false;
  r.handler.set_frame_hook([&](SessionId, std::span<const uint8_t>) {
    std::unique_lock lock(gate_mu);
    in_frame = true;
    gate_cv.notify_all();
    gate_cv.wait_for(lock, 10s, [&] { return release; });
  });
  LoopbackClient c = r.connect();
  ASSERT_TRUE(r.handler.wait_opened(1));
  SessionId id = r.handler.opened().at(0);
  ASSERT_TRUE(c.send_all(frame(3, 1)));
  {
    std::unique_lock lock(gate_mu);
    ASSERT_TRUE(gate_cv.wait_for(lock, 5s, [&] { return in_frame; }));
  }
  r.server.close(id, CloseReason::Violation, "from another thread");
  // While on_frame runs, on_close must not start (a bounded wait for something that must
  // not happen).
  EXPECT_FALSE(r.handler.wait([&] { return !r.handler.closes(id).empty(); }, 300ms));
  {
    std::lock_guard lock(gate_mu);
    release = true;
  }
  gate_cv.notify_all();
  ASSERT_TRUE(r.handler.wait_closed(id));
  EXPECT_EQ(r.handler.closes(id), std::vector<CloseReason>{CloseReason::Violation});
}

TEST(NetServer, ConcurrentClosesEndTheSessionExactlyOnce) {
  Running r(loopback_config());
  ASSERT_TRUE(r.started);
  std::vector<LoopbackClient> clients;
  for (int i = 0; i < 20; ++i) clients.push_back(r.connect());
  ASSERT_TRUE(r.handler.wait_opened(20));
  auto ids = r.handler.opened();
  std::vector<std::thread> closers;
  for (int t = 0; t < 4; ++t)
    closers.emplace_back([&, t] {
      const CloseReason reasons[] = {CloseReason::Logout, CloseReason::Violation, CloseReason::SlowReader,
                                     CloseReason::LoginTimeout};
      for (SessionId id : ids) r.server.close(id, reasons[t]);
    });
  for (auto& c : clients) c.close();  // and the peers close at the same time
  for (auto& t : closers) t.join();
  ASSERT_TRUE(r.handler.wait([&] { return r.handler.close_count() == ids.size(); }));
  for (SessionId id : ids) EXPECT_EQ(r.handler.closes(id).size(), 1u) << id;
  uint64_t counted = 0;
  for (int why = 0; why <= static_cast<int>(CloseReason::Shutdown); ++why)
    counted += r.server.closes(static_cast<CloseReason>(why));
  EXPECT_EQ(counted, ids.size()) << "each close counted once";
  EXPECT_TRUE(eventually([&] { return r.server.totals().slots_in_use == 0; }));
}
