// Stage 06 exercise, solved: the other way to send. Instead of one WSASend per packet,
// keep ONE send in flight per socket; packets that arrive meanwhile wait in a queue, and
// when the send completes, everything queued goes out in a single WSASend with several
// WSABUFs (a "gather" send). Fewer calls and completions; stage 07's framework does this.
#include <gtest/gtest.h>

#include <deque>
#include <string>
#include <vector>

#include "test_support.h"

namespace {

// The solution: a per-socket queue with at most one send in flight.
class GatherSender {
 public:
  explicit GatherSender(SOCKET s) : s_(s) {}
  // Queues a packet; starts a send if none is in flight.
  bool send(const std::string& packet) {
    queued_.push_back(packet);
    return in_flight_.empty() ? start() : true;
  }
  // Call when this socket's send completion arrives. True while all is well.
  bool on_completion() {
    in_flight_.clear();
    return queued_.empty() ? true : start();
  }
  int sends_posted() const { return sends_posted_; }
  OVERLAPPED* overlapped() { return &ov_; }

 private:
  bool start() {
    in_flight_.assign(queued_.begin(), queued_.end());  // the buffers must live until completion
    queued_.clear();
    bufs_.clear();
    for (std::string& p : in_flight_) bufs_.push_back(WSABUF{(ULONG)p.size(), p.data()});
    ov_ = {};
    ++sends_posted_;
    return WSASend(s_, bufs_.data(), (DWORD)bufs_.size(), nullptr, 0, &ov_, nullptr) == 0 ||
           WSAGetLastError() == WSA_IO_PENDING;
  }
  SOCKET s_;
  std::deque<std::string> queued_;
  std::vector<std::string> in_flight_;
  std::vector<WSABUF> bufs_;
  OVERLAPPED ov_{};
  int sends_posted_ = 0;
};

TEST(Exercise06, GatheredSendsDeliverEverythingInOrderWithFewerCalls) {
  WSADATA wsa;
  ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), &wsa), 0);
  HANDLE port = create_completion_port();
  SOCKET listener = WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP, nullptr, 0, WSA_FLAG_OVERLAPPED);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&addr), (int)sizeof addr), 0);
  ASSERT_EQ(listen(listener, 4), 0);
  int len = (int)sizeof addr;
  ASSERT_EQ(getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  TestClient receiver;
  ASSERT_TRUE(receiver.connect(ntohs(addr.sin_port)));
  SOCKET s = accept(listener, nullptr, nullptr);
  ASSERT_NE(s, INVALID_SOCKET);
  ASSERT_NE(CreateIoCompletionPort(reinterpret_cast<HANDLE>(s), port, 1, 0), nullptr);

  GatherSender sender(s);
  std::string expected;
  int completions = 0;
  for (int i = 0; i < 300; ++i) {  // one send starts, the other 299 packets queue behind it
    std::string packet = "[" + std::to_string(i) + "]";
    expected += packet;
    ASSERT_TRUE(sender.send(packet));
  }
  // Drain: every posted send completes once; the last one leaves nothing queued.
  while (completions < sender.sends_posted()) {
    Completion c = dequeue_completion(port, 5000);
    ASSERT_NE(c.overlapped, nullptr) << "a send never completed";
    ASSERT_TRUE(c.ok);
    ASSERT_EQ(c.overlapped, sender.overlapped());
    ++completions;
    ASSERT_TRUE(sender.on_completion());
  }
  EXPECT_EQ(receiver.recv_exact(expected.size()), expected);
  EXPECT_EQ(sender.sends_posted(), 2) << "the first packet alone, then the 299 queued in one WSASend";

  closesocket(s);
  closesocket(listener);
  CloseHandle(port);
  WSACleanup();
}

}  // namespace
