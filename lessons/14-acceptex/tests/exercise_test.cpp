// Stage 14 exercise check (exercise/peer_name.cpp; solved in solution/): the peer's address
// that GetAcceptExSockaddrs finds in the AcceptEx buffer, as "a.b.c.d:port".
#include <gtest/gtest.h>

#include "peer_name.h"

namespace {

TEST(Exercise14, AnIpv4PeerReadsAsDottedQuadAndPort) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(50123);
  a.sin_addr.s_addr = htonl(0x7F000001);  // 127.0.0.1
  EXPECT_EQ(peer_name(reinterpret_cast<sockaddr*>(&a), (int)sizeof a), "127.0.0.1:50123");
  a.sin_addr.s_addr = htonl(0xC0A80A02);  // 192.168.10.2
  a.sin_port = htons(9);
  EXPECT_EQ(peer_name(reinterpret_cast<sockaddr*>(&a), (int)sizeof a), "192.168.10.2:9");
}

TEST(Exercise14, AnythingElseIsAQuestionMark) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  EXPECT_EQ(peer_name(reinterpret_cast<sockaddr*>(&a), 4), "?") << "too short";
  a.sin_family = 12345;
  EXPECT_EQ(peer_name(reinterpret_cast<sockaddr*>(&a), (int)sizeof a), "?") << "not IPv4";
  EXPECT_EQ(peer_name(nullptr, 0), "?");
}

}  // namespace
