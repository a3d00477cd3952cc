// io_uring engine under injected faults (Linux only; iocp_test_hooks.h): a failed
// io_uring_submit after the request is in the ring, a cancel request that finds no room,
// and a kernel that lacks a feature the engine needs. Run under ASan (label sanitize): a
// request freed while the kernel still holds it shows up there as a use-after-free.
#include <gtest/gtest.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "completion.h"
#include "handles.h"
#include "iocp_test_hooks.h"
#include "sockets.h"

using namespace conf;

namespace {

class UringFaults : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::strcmp(iocplab_engine_name(), "uring") != 0)
      GTEST_SKIP() << "io_uring engine unavailable: " << iocplab_engine_error();
  }
  void TearDown() override {
    iocplab_test_fail_uring_submits(0, 0);
    iocplab_test_fail_uring_cancels(0);
  }
};

const int kSubmitErrors[] = {EBUSY, EAGAIN, ENOMEM};

}  // namespace

TEST_F(UringFaults, RecvWhoseSubmitFailsAfterPublishingCompletesOnceLater) {
  for (int e : kSubmitErrors) {
    SCOPED_TRACE(std::string("io_uring_submit fails with ") + std::strerror(e));
    SocketPair pair = connected_pair();
    ASSERT_TRUE(pair.server.valid());
    Port port;
    ASSERT_TRUE(port.associate(pair.server.get(), 1));
    char buf[8];
    WSABUF wb{sizeof buf, buf};
    Overlapped ov;
    iocplab_test_fail_uring_submits(1, e);
    const int rc = start_recv(pair.server.get(), &wb, 1, &ov);
    // Any later submission takes whatever waits in the ring, the failed one's entry included.
    SocketPair other = connected_pair();
    ASSERT_TRUE(other.server.valid());
    ASSERT_TRUE(port.associate(other.server.get(), 2));
    char other_buf[8];
    WSABUF other_wb{sizeof other_buf, other_buf};
    Overlapped other_ov;
    ASSERT_EQ(start_recv(other.server.get(), &other_wb, 1, &other_ov), WSA_IO_PENDING);
    ASSERT_TRUE(send_all(pair.client.get(), "ab", 2));

    EXPECT_EQ(rc, WSA_IO_PENDING) << "a request already in the submission ring must stay pending";
    Completion c = wait_completion(port.get());
    EXPECT_TRUE(c.ok) << c;
    EXPECT_EQ(c.overlapped, &ov);
    EXPECT_EQ(c.bytes, 2u);
    EXPECT_EQ(drain_completions(port.get(), 50), 0);
  }
}

TEST_F(UringFaults, RecvWhoseSubmitFailsIsRetriedWithoutOtherTraffic) {
  SocketPair pair = connected_pair();
  ASSERT_TRUE(pair.server.valid());
  Port port;
  ASSERT_TRUE(port.associate(pair.server.get(), 1));
  char buf[8];
  WSABUF wb{sizeof buf, buf};
  Overlapped ov;
  iocplab_test_fail_uring_submits(1, EBUSY);
  ASSERT_EQ(start_recv(pair.server.get(), &wb, 1, &ov), WSA_IO_PENDING);
  ASSERT_TRUE(send_all(pair.client.get(), "xyz", 3));
  Completion c = wait_completion(port.get());
  EXPECT_TRUE(c.ok) << c;
  EXPECT_EQ(c.overlapped, &ov);
  EXPECT_EQ(c.bytes, 3u);
}

TEST_F(UringFaults, SendWhoseSubmitFailsIsRetriedAndCompletes) {
  SocketPair pair = connected_pair();
  ASSERT_TRUE(pair.server.valid());
  Port port;
  ASSERT_TRUE(port.associate(pair.server.get(), 1));
  char data[] = "hello";
  WSABUF wb{5, data};
  Overlapped ov;
  iocplab_test_fail_uring_submits(1, EAGAIN);
  ASSERT_EQ(start_send(pair.server.get(), &wb, 1, &ov), WSA_IO_PENDING);
  Completion c = wait_completion(port.get());
  EXPECT_TRUE(c.ok) << "the send never reached the kernel: " << c;
  EXPECT_EQ(c.overlapped, &ov);
  EXPECT_EQ(c.bytes, 5u);
  char got[5];
  ASSERT_TRUE(recv_exact(pair.client.get(), got, sizeof got));
  EXPECT_EQ(std::string(got, 5), "hello");
}

TEST_F(UringFaults, CloseWhoseCancelFindsNoRoomStillAbortsThePendingRecv) {
  SocketPair pair = connected_pair();
  ASSERT_TRUE(pair.server.valid());
  Port port;
  ASSERT_TRUE(port.associate(pair.server.get(), 1));
  char buf[8];
  WSABUF wb{sizeof buf, buf};
  Overlapped ov;
  ASSERT_EQ(start_recv(pair.server.get(), &wb, 1, &ov), WSA_IO_PENDING);
  iocplab_test_fail_uring_cancels(1);
  ASSERT_EQ(pair.server.close(), 0);
  Completion c = wait_completion(port.get());
  EXPECT_FALSE(c.ok) << "closesocket must abort the pending recv: " << c;
  EXPECT_EQ(c.overlapped, &ov);
  EXPECT_EQ(c.error, err(ERROR_OPERATION_ABORTED)) << c;
  EXPECT_EQ(drain_completions(port.get(), 50), 0);
}

TEST_F(UringFaults, DelayedCancelNeverTouchesTheSocketThatReusesTheFdNumber) {
  uint16_t listen_port = 0;
  Socket listener = loopback_listener(&listen_port);
  ASSERT_TRUE(listener.valid());
  SocketPair pair = connected_pair();
  ASSERT_TRUE(pair.server.valid());
  Port port;
  ASSERT_TRUE(port.associate(pair.server.get(), 1));
  char old_buf[8];
  WSABUF old_wb{sizeof old_buf, old_buf};
  Overlapped old_ov;
  ASSERT_EQ(start_recv(pair.server.get(), &old_wb, 1, &old_ov), WSA_IO_PENDING);

  const SOCKET old_fd = pair.server.get();
  iocplab_test_fail_uring_submits(1, EBUSY);  // the cancel is in the ring, not yet taken
  ASSERT_EQ(pair.server.close(), 0);
  // The lowest free fd number: the closed one, unless the engine still holds it.
  Socket reuse = connect_to(listen_port);
  ASSERT_TRUE(reuse.valid());
  std::printf("closed fd %d, new socket fd %d\n", static_cast<int>(old_fd), static_cast<int>(reuse.get()));
  Socket peer(accept(listener.get(), nullptr, nullptr));
  ASSERT_TRUE(peer.valid());
  ASSERT_TRUE(port.associate(reuse.get(), 2));
  char new_buf[8];
  WSABUF new_wb{sizeof new_buf, new_buf};
  Overlapped new_ov;
  ASSERT_EQ(start_recv(reuse.get(), &new_wb, 1, &new_ov), WSA_IO_PENDING);

  Completion aborted = wait_completion(port.get());
  EXPECT_FALSE(aborted.ok) << aborted;
  EXPECT_EQ(aborted.overlapped, &old_ov) << aborted;
  EXPECT_EQ(aborted.error, err(ERROR_OPERATION_ABORTED)) << aborted;
  EXPECT_EQ(drain_completions(port.get(), 50), 0) << "the new socket's recv was touched";

  ASSERT_TRUE(send_all(peer.get(), "new", 3));
  Completion c = wait_completion(port.get());
  EXPECT_TRUE(c.ok) << c;
  EXPECT_EQ(c.overlapped, &new_ov);
  EXPECT_EQ(c.bytes, 3u);
}

// The probe tests run in a process that creates no port (ctest runs them on their own).
TEST(UringProbe, RefusesAKernelWithoutTimedWaitsAndSaysWhy) {
  iocplab_test_hide_uring_features(IOCPLAB_URING_EXT_ARG);
  EXPECT_FALSE(iocplab_set_engine("uring"));
  const std::string why = iocplab_engine_error();
  iocplab_test_hide_uring_features(0);
  EXPECT_NE(why.find("EXT_ARG"), std::string::npos) << why;
  EXPECT_NE(why.find("5.11"), std::string::npos) << why;
}

TEST(UringProbe, RefusesAKernelWithoutCancelAllAndSaysWhy) {
  iocplab_test_hide_uring_features(IOCPLAB_URING_CANCEL_ALL);
  EXPECT_FALSE(iocplab_set_engine("uring"));
  const std::string why = iocplab_engine_error();
  iocplab_test_hide_uring_features(0);
  EXPECT_NE(why.find("CANCEL_ALL"), std::string::npos) << why;
  EXPECT_NE(why.find("5.19"), std::string::npos) << why;
}

TEST(UringProbe, AcceptsThisKernelWhenNothingIsHidden) {
  if (!iocplab_set_engine("uring")) {
    const std::string why = iocplab_engine_error();
    if (why.find("io_uring_queue_init") != std::string::npos) GTEST_SKIP() << why;  // a sandbox without io_uring
    FAIL() << why;
  }
}
