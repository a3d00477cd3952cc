// Stage 03 exercise, solved: accept with AcceptEx instead of a blocking accept thread.
// The listening socket is tied to the port; AcceptEx is posted with an OVERLAPPED and
// completes through the port like any recv, on a worker, with the listen socket's key.
#include <gtest/gtest.h>

#include "test_support.h"

namespace {

constexpr ULONG_PTR kListenKey = 5000;  // any key that is not a client index

struct AcceptContext {
  OVERLAPPED overlapped{};
  SOCKET socket = INVALID_SOCKET;          // created before AcceptEx: AcceptEx fills it in
  char addresses[2 * (sizeof(sockaddr_in) + 16)];  // local and remote address, 16 spare bytes each
};

// The solution: load AcceptEx and post one accept.
bool post_accept(SOCKET listener, AcceptContext& ctx) {
  static LPFN_ACCEPTEX accept_ex = nullptr;
  if (accept_ex == nullptr) {
    GUID guid = WSAID_ACCEPTEX;
    DWORD bytes = 0;
    if (WSAIoctl(listener, SIO_GET_EXTENSION_FUNCTION_POINTER, &guid, sizeof guid, &accept_ex,
                 sizeof accept_ex, &bytes, nullptr, nullptr) == SOCKET_ERROR)
      return false;
  }
  ctx.overlapped = {};
  ctx.socket = WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP, nullptr, 0, WSA_FLAG_OVERLAPPED);
  DWORD received = 0;
  if (!accept_ex(listener, ctx.socket, ctx.addresses, 0, sizeof(sockaddr_in) + 16,
                 sizeof(sockaddr_in) + 16, &received, &ctx.overlapped) &&
      WSAGetLastError() != ERROR_IO_PENDING)
    return false;
  return true;
}

TEST(Exercise03, AcceptExCompletesThroughThePort) {
  WSADATA wsa;
  ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), &wsa), 0);
  HANDLE port = create_completion_port();
  SOCKET listener = WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP, nullptr, 0, WSA_FLAG_OVERLAPPED);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&addr), (int)sizeof addr), 0);
  ASSERT_EQ(listen(listener, SOMAXCONN), 0);
  int len = (int)sizeof addr;
  ASSERT_EQ(getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  ASSERT_NE(CreateIoCompletionPort(reinterpret_cast<HANDLE>(listener), port, kListenKey, 0), nullptr);

  AcceptContext ctx;
  ASSERT_TRUE(post_accept(listener, ctx));
  TestClient client;
  ASSERT_TRUE(client.connect(ntohs(addr.sin_port)));

  Completion c = dequeue_completion(port, 5000);
  ASSERT_TRUE(c.ok) << "error " << c.error;
  EXPECT_EQ(c.key, kListenKey) << "an accept completes with the listening socket's key";
  EXPECT_EQ(c.overlapped, &ctx.overlapped);
  // The accepted socket inherits the listener's settings only after this call.
  ASSERT_EQ(setsockopt(ctx.socket, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT,
                       reinterpret_cast<const char*>(&listener), (int)sizeof listener), 0);

  ASSERT_TRUE(client.send_all("hi"));
  char got[2] = {};
  int n = 0;
  for (int tries = 0; tries < 2 && n < 2; ++tries) {
    int r = recv(ctx.socket, got + n, 2 - n, 0);
    if (r <= 0) break;
    n += r;
  }
  EXPECT_EQ(std::string(got, n), "hi");

  closesocket(ctx.socket);
  closesocket(listener);
  CloseHandle(port);
  WSACleanup();
}

}  // namespace
