// AcceptEx through a completion port: several outstanding, one per connection, addresses,
// and what closing the listener does to them.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "accept_ex.h"
#include "completion.h"
#include "handles.h"
#include "sockets.h"

using namespace conf;

namespace {
constexpr ULONG_PTR kListenKey = 500;

// A listener on 127.0.0.1:0 associated with a port, with AcceptEx loaded.
struct AcceptSetup {
  Port port;
  Socket listener;
  uint16_t listen_port = 0;
  AcceptExFunctions fns;
  int load_error = 0;
  bool ok = false;

  AcceptSetup() {
    listener = loopback_listener(&listen_port);
    ok = listener.valid() && port.valid() && port.associate(listener.get(), kListenKey) &&
         load_accept_ex(listener.get(), &fns, &load_error);
  }
};

// `count` accepts in flight, each with its own fresh socket (owned by `owners`).
std::vector<PendingAccept> start_accepts(AcceptSetup& s, int count, std::vector<Socket>* owners) {
  std::vector<PendingAccept> pending(count);
  for (int i = 0; i < count; ++i) {
    owners->push_back(tcp_socket());
    pending[i].accepted = owners->back().get();
  }
  for (int i = 0; i < count; ++i) {
    int rc = start_accept(s.fns, s.listener.get(), &pending[i]);
    EXPECT_EQ(rc, WSA_IO_PENDING) << "accept " << i << ": no client has connected yet";
  }
  return pending;
}

int index_of(const std::vector<PendingAccept>& pending, const OVERLAPPED* ov) {
  for (size_t i = 0; i < pending.size(); ++i)
    if (&pending[i].ov == ov) return static_cast<int>(i);
  return -1;
}
}  // namespace

TEST(AcceptEx, ExtensionFunctionsLoadThroughWsaIoctl) {
  AcceptSetup s;
  ASSERT_TRUE(s.ok) << "WSAIoctl error " << s.load_error;
  EXPECT_NE(s.fns.accept_ex, nullptr);
  EXPECT_NE(s.fns.get_sockaddrs, nullptr);
}

TEST(AcceptEx, EachConnectCompletesExactlyOneOutstandingAccept) {
  AcceptSetup s;
  ASSERT_TRUE(s.ok) << s.load_error;
  constexpr int kAccepts = 4;
  std::vector<Socket> accepted;
  std::vector<PendingAccept> pending = start_accepts(s, kAccepts, &accepted);
  EXPECT_EQ(drain_completions(s.port.get(), 50), 0) << "an accept completed with no client";

  std::vector<Socket> clients;
  std::set<int> completed;
  for (int i = 0; i < kAccepts; ++i) {
    clients.push_back(connect_to(s.listen_port));
    ASSERT_TRUE(clients.back().valid());
    Completion c = wait_completion(s.port.get());
    ASSERT_TRUE(c.ok) << "connect " << i << ": " << c;
    EXPECT_EQ(c.key, kListenKey);
    EXPECT_EQ(c.bytes, 0u);
    int which = index_of(pending, c.overlapped);
    ASSERT_GE(which, 0) << "unknown OVERLAPPED";
    EXPECT_TRUE(completed.insert(which).second) << "accept " << which << " completed twice";
    EXPECT_EQ(drain_completions(s.port.get(), 50), 0) << "one connect completed two accepts";
  }
  EXPECT_EQ(completed.size(), static_cast<size_t>(kAccepts));
}

TEST(AcceptEx, AcceptedSocketKnowsBothAddressesAndCarriesData) {
  AcceptSetup s;
  ASSERT_TRUE(s.ok) << s.load_error;
  std::vector<Socket> accepted;
  std::vector<PendingAccept> pending = start_accepts(s, 1, &accepted);
  Socket client = connect_to(s.listen_port);
  ASSERT_TRUE(client.valid());
  Completion c = wait_completion(s.port.get());
  ASSERT_TRUE(c.ok) << c;
  ASSERT_EQ(c.overlapped, &pending[0].ov);

  sockaddr* local = nullptr;
  sockaddr* remote = nullptr;
  int local_len = 0, remote_len = 0;
  s.fns.get_sockaddrs(pending[0].addresses, 0, kAcceptAddressLength, kAcceptAddressLength,
                      &local, &local_len, &remote, &remote_len);
  ASSERT_NE(local, nullptr);
  ASSERT_NE(remote, nullptr);
  ASSERT_EQ(remote->sa_family, AF_INET);
  const sockaddr_in* peer = reinterpret_cast<const sockaddr_in*>(remote);
  const sockaddr_in* self = reinterpret_cast<const sockaddr_in*>(local);
  EXPECT_EQ(ntohl(peer->sin_addr.s_addr), static_cast<uint32_t>(INADDR_LOOPBACK));
  EXPECT_EQ(ntohs(peer->sin_port), local_port(client.get())) << "remote is the client";
  EXPECT_EQ(ntohs(self->sin_port), s.listen_port) << "local is the listening port";

  SOCKET listen_socket = s.listener.get();
  EXPECT_EQ(setsockopt(pending[0].accepted, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT,
                       reinterpret_cast<const char*>(&listen_socket), sizeof listen_socket),
            0)
      << WSAGetLastError();
  sockaddr_in name;
  std::memset(&name, 0, sizeof name);
  int name_len = sizeof name;
  ASSERT_EQ(getpeername(pending[0].accepted, reinterpret_cast<sockaddr*>(&name), &name_len), 0)
      << WSAGetLastError();
  EXPECT_EQ(ntohs(name.sin_port), local_port(client.get()));

  ASSERT_TRUE(s.port.associate(pending[0].accepted, 501));
  char buf[8];
  WSABUF wb{sizeof buf, buf};
  Overlapped ov;
  ASSERT_TRUE(started(start_recv(pending[0].accepted, &wb, 1, &ov)));
  ASSERT_TRUE(send_all(client.get(), "hi", 2));
  Completion data = wait_completion(s.port.get());
  ASSERT_TRUE(data.ok) << data;
  EXPECT_EQ(data.key, static_cast<ULONG_PTR>(501));
  EXPECT_EQ(data.bytes, 2u);
}

TEST(AcceptEx, ClosingTheListenSocketAbortsOutstandingAccepts) {
  AcceptSetup s;
  ASSERT_TRUE(s.ok) << s.load_error;
  constexpr int kAccepts = 3;
  std::vector<Socket> accepted;
  std::vector<PendingAccept> pending = start_accepts(s, kAccepts, &accepted);

  ASSERT_EQ(s.listener.close(), 0);
  std::set<int> aborted;
  for (int i = 0; i < kAccepts; ++i) {
    Completion c = wait_completion(s.port.get());
    EXPECT_FALSE(c.ok) << c;
    EXPECT_EQ(c.error, err(ERROR_OPERATION_ABORTED)) << c;
    EXPECT_EQ(c.key, kListenKey);
    int which = index_of(pending, c.overlapped);
    ASSERT_GE(which, 0) << c;
    EXPECT_TRUE(aborted.insert(which).second) << "accept " << which << " completed twice";
  }
  EXPECT_EQ(drain_completions(s.port.get()), 0);
}

TEST(AcceptEx, ClosingTheAcceptSocketAbortsItsAcceptAndSparesTheSocketThatReusesIt) {
  AcceptSetup s;
  ASSERT_TRUE(s.ok) << s.load_error;
  std::vector<Socket> accepted;
  std::vector<PendingAccept> pending = start_accepts(s, 1, &accepted);
  const SOCKET closed = pending[0].accepted;
  uint16_t live_port = 0;
  Socket live_listener = loopback_listener(&live_port);
  ASSERT_TRUE(live_listener.valid());
  ASSERT_EQ(accepted[0].close(), 0);

  Completion aborted = wait_completion(s.port.get());
  EXPECT_FALSE(aborted.ok) << "the accept of a closed socket cannot succeed: " << aborted;
  EXPECT_EQ(aborted.overlapped, &pending[0].ov) << aborted;
  EXPECT_EQ(aborted.key, kListenKey);
  EXPECT_EQ(aborted.error, err(ERROR_OPERATION_ABORTED)) << aborted;

  // A live connection that may reuse the closed socket's handle value (on Linux it does:
  // the lowest free fd number). A connect to the listener must not touch it.
  SocketPair live;
  live.client = connect_to(live_port);
  ASSERT_TRUE(live.client.valid());
  live.server = Socket(accept(live_listener.get(), nullptr, nullptr));
  ASSERT_TRUE(live.server.valid());
  set_io_timeouts(live.client.get(), 2000);
  std::printf("closed accept socket %llu, live socket %llu\n", static_cast<unsigned long long>(closed),
              static_cast<unsigned long long>(live.client.get()));
  Socket client = connect_to(s.listen_port);
  ASSERT_TRUE(client.valid());
  EXPECT_EQ(drain_completions(s.port.get()), 0) << "no accept is pending any more";
  ASSERT_TRUE(send_all(live.server.get(), "still", 5));
  char got[5];
  ASSERT_TRUE(recv_exact(live.client.get(), got, sizeof got)) << "the live socket was overwritten";
  EXPECT_EQ(std::string(got, 5), "still");
  sockaddr_in peer;
  std::memset(&peer, 0, sizeof peer);
  int peer_len = sizeof peer;
  ASSERT_EQ(getpeername(live.client.get(), reinterpret_cast<sockaddr*>(&peer), &peer_len), 0);
  EXPECT_EQ(ntohs(peer.sin_port), local_port(live.server.get())) << "still connected to its own peer";
}
