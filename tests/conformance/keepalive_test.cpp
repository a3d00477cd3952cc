// TCP keepalive and the retransmission bound, set the Windows way and read back:
// SO_KEEPALIVE, TCP_KEEPIDLE / TCP_KEEPINTVL / TCP_KEEPCNT (seconds, probes), TCP_MAXRT
// (seconds) and WSAIoctl(SIO_KEEPALIVE_VALS) with a tcp_keepalive in milliseconds.
#include <gtest/gtest.h>

#include "handles.h"
#include "sockets.h"
#include "wine_check.h"

using namespace conf;

namespace {

// Wine 8 refuses the IPPROTO_TCP keepalive options that Windows 10 has with this.
constexpr int kWineNoProtocolOption = 10042;  // WSAENOPROTOOPT

int set_dword(SOCKET s, int level, int name, DWORD value) {
  if (setsockopt(s, level, name, reinterpret_cast<const char*>(&value), sizeof value) == 0) return 0;
  return WSAGetLastError();
}

// The option's value as a DWORD; `error` gets WSAGetLastError() when the call fails.
DWORD get_dword(SOCKET s, int level, int name, int* error) {
  DWORD value = 0;
  int len = sizeof value;
  *error = getsockopt(s, level, name, reinterpret_cast<char*>(&value), &len) == 0 ? 0 : WSAGetLastError();
  return value;
}

int set_keepalive_vals(SOCKET s, ULONG onoff, ULONG time_ms, ULONG interval_ms) {
  tcp_keepalive ka;
  ka.onoff = onoff;
  ka.keepalivetime = time_ms;
  ka.keepaliveinterval = interval_ms;
  DWORD returned = 0;
  if (WSAIoctl(s, SIO_KEEPALIVE_VALS, &ka, sizeof ka, nullptr, 0, &returned, nullptr, nullptr) == 0) return 0;
  return WSAGetLastError();
}

}  // namespace

TEST(Keepalive, SoKeepaliveTurnsOnAndOff) {
  SocketPair pair = connected_pair();
  ASSERT_TRUE(pair.server.valid());
  int error = 0;
  ASSERT_EQ(set_dword(pair.server.get(), SOL_SOCKET, SO_KEEPALIVE, 1), 0);
  EXPECT_NE(get_dword(pair.server.get(), SOL_SOCKET, SO_KEEPALIVE, &error), 0u);
  EXPECT_EQ(error, 0);
  ASSERT_EQ(set_dword(pair.server.get(), SOL_SOCKET, SO_KEEPALIVE, 0), 0);
  EXPECT_EQ(get_dword(pair.server.get(), SOL_SOCKET, SO_KEEPALIVE, &error), 0u);
  EXPECT_EQ(error, 0);
}

TEST(Keepalive, IdleIntervalAndCountReadBackAsSet) {
  SocketPair pair = connected_pair();
  ASSERT_TRUE(pair.server.valid());
  const SOCKET s = pair.server.get();
  ASSERT_EQ(set_dword(s, SOL_SOCKET, SO_KEEPALIVE, 1), 0);
  struct Option {
    const char* name;
    int id;
    DWORD value;
  };
  const Option options[] = {{"TCP_KEEPIDLE", TCP_KEEPIDLE, 42}, {"TCP_KEEPINTVL", TCP_KEEPINTVL, 5},
                            {"TCP_KEEPCNT", TCP_KEEPCNT, 3}};
  int unsupported_on_wine = 0;
  for (const Option& o : options) {
    int rc = set_dword(s, IPPROTO_TCP, o.id, o.value);
    if (running_under_wine() && rc == kWineNoProtocolOption) {
      ++unsupported_on_wine;  // Wine 8 lacks it; Windows 10 1709+ has it
      continue;
    }
    ASSERT_EQ(rc, 0) << o.name;
    int error = 0;
    EXPECT_EQ(get_dword(s, IPPROTO_TCP, o.id, &error), o.value) << o.name;
    EXPECT_EQ(error, 0) << o.name;
  }
  if (unsupported_on_wine > 0) {
    GTEST_SKIP() << unsupported_on_wine << " of 3 options refused by Wine 8 with WSAENOPROTOOPT; "
                 << "Windows documents TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT (ws2ipdef.h)";
  }
}

TEST(Keepalive, MaxRetransmissionTimeReadsBackInSeconds) {
  SocketPair pair = connected_pair();
  ASSERT_TRUE(pair.server.valid());
  const SOCKET s = pair.server.get();
  int rc = set_dword(s, IPPROTO_TCP, TCP_MAXRT, 75);
  if (running_under_wine() && rc == kWineNoProtocolOption) {
    GTEST_SKIP() << "Wine 8 does not implement TCP_MAXRT (setsockopt error " << rc
                 << "); Windows documents it as a DWORD of seconds";
  }
  ASSERT_EQ(rc, 0);
  int error = 0;
  EXPECT_EQ(get_dword(s, IPPROTO_TCP, TCP_MAXRT, &error), 75u);
  EXPECT_EQ(error, 0);
#if !defined(_WIN32)
  // The emulation's mapping: TCP_MAXRT seconds are Linux's TCP_USER_TIMEOUT milliseconds.
  EXPECT_EQ(get_dword(s, IPPROTO_TCP, TCP_USER_TIMEOUT, &error), 75000u);
  EXPECT_EQ(error, 0);
  ASSERT_EQ(set_dword(s, IPPROTO_TCP, TCP_USER_TIMEOUT, 2500), 0);
  EXPECT_EQ(get_dword(s, IPPROTO_TCP, TCP_MAXRT, &error), 3u) << "rounded up to whole seconds";
#endif
}

TEST(Keepalive, KeepaliveValsIoctlSetsIdleAndIntervalInMilliseconds) {
  SocketPair pair = connected_pair();
  ASSERT_TRUE(pair.server.valid());
  const SOCKET s = pair.server.get();
  ASSERT_EQ(set_keepalive_vals(s, 1, 30000, 4000), 0);
  int error = 0;
  EXPECT_NE(get_dword(s, SOL_SOCKET, SO_KEEPALIVE, &error), 0u) << "SIO_KEEPALIVE_VALS turns keepalive on";
  EXPECT_EQ(error, 0);
  DWORD idle = get_dword(s, IPPROTO_TCP, TCP_KEEPIDLE, &error);
  if (running_under_wine() && error == kWineNoProtocolOption) {
    GTEST_SKIP() << "SIO_KEEPALIVE_VALS worked; Wine 8 cannot read TCP_KEEPIDLE back (error " << error << ")";
  }
  EXPECT_EQ(error, 0);
  EXPECT_EQ(idle, 30u);
  EXPECT_EQ(get_dword(s, IPPROTO_TCP, TCP_KEEPINTVL, &error), 4u);
  EXPECT_EQ(error, 0);

  ASSERT_EQ(set_keepalive_vals(s, 0, 30000, 4000), 0);
  EXPECT_EQ(get_dword(s, SOL_SOCKET, SO_KEEPALIVE, &error), 0u) << "onoff 0 turns it off";
}
