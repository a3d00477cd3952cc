// abuse.keepalive — a logged-in peer whose network dies without FIN or RST (PROTOCOL.md "Dead
// peers"). The test runs in a network namespace of its own (a thread that unshares
// CLONE_NEWNET, its own loopback), starts the server there with a small --keepalive, logs in
// a victim and a watcher, then drops every packet the victim sends with an nftables rule
// (iptables if nft is missing). The server must remove the victim (the watcher gets
// SC_REMOVE_PLAYER) within about keepalive + 15 s, and the name can log in again.
#include <gtest/gtest.h>
#include <sched.h>
#include <unistd.h>

#include <chrono>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#include "child_server.h"
#include "game_client.h"

namespace iocplab::abuse {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

bool run(const std::string& cmd) { return std::system((cmd + " >/dev/null 2>&1").c_str()) == 0; }

// Drops every TCP segment from local port `port` (the victim's side) inside this namespace.
bool drop_from_port(uint16_t port, std::string* how) {
  const std::string p = std::to_string(port);
  if (run("command -v nft") && run("nft add table inet iocplab_abuse") &&
      run("nft add chain inet iocplab_abuse out '{ type filter hook output priority 0; }'") &&
      run("nft add rule inet iocplab_abuse out tcp sport " + p + " drop")) {
    *how = "nftables";
    return true;
  }
  if (run("command -v iptables") && run("iptables -A OUTPUT -p tcp --sport " + p + " -j DROP")) {
    *how = "iptables";
    return true;
  }
  return false;
}

// The test body, on a thread that has its own network namespace.
void dead_peer_is_removed(std::string* skip) {
  if (::unshare(CLONE_NEWNET) != 0) {
    *skip = std::string("no network namespace: unshare(CLONE_NEWNET): ") + std::strerror(errno);
    return;
  }
  ASSERT_TRUE(run("ip link set lo up")) << "ip link set lo up failed inside the namespace (iproute2)";
  constexpr int kKeepalive = 2;
  ChildServer server;  // spawned from this thread: it lives in the namespace too
  std::string why;
  ASSERT_TRUE(server.start({"--db", ":memory:", "--world", "10", "--view", "10", "--keepalive",
                            std::to_string(kKeepalive)},
                           &why))
      << why;
  testing::GameClient victim, watcher;
  ASSERT_TRUE(watcher.connect(server.port()));
  ASSERT_TRUE(watcher.login("watcher", "pw"));
  ASSERT_TRUE(victim.connect(server.port()));
  auto ok = victim.login("victim", "pw");
  ASSERT_TRUE(ok);
  const uint32_t victim_id = ok->id;
  ASSERT_TRUE(watcher.sync());
  ASSERT_TRUE(watcher.view.count(victim_id));

  std::string how;
  ASSERT_TRUE(drop_from_port(victim.conn.local_port(), &how))
      << "neither nft nor iptables could add a drop rule (./lab setup installs nftables)";
  const auto cut = Clock::now();
  // The watcher reads (and answers the server's probes itself) until the victim is removed.
  bool removed = false;
  const auto deadline = cut + std::chrono::seconds(kKeepalive + 15 + 15);
  while (!removed && Clock::now() < deadline) {
    auto p = watcher.next(1s);
    if (auto* rm = p ? std::get_if<proto::ScRemovePlayer>(&*p) : nullptr) removed = rm->id == victim_id;
    else if (!p && watcher.conn.eof()) break;
  }
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - cut).count();
  std::printf("[ measured ] dead peer (%s drop) removed after %lld ms with --keepalive %d\n", how.c_str(),
              (long long)took, kKeepalive);
  ASSERT_TRUE(removed) << "no SC_REMOVE_PLAYER for the dead peer within keepalive + 30 s";

  testing::GameClient again;
  ASSERT_TRUE(again.connect(server.port()));
  EXPECT_TRUE(again.login("victim", "pw")) << "the dead peer's name must log in again";
  EXPECT_EQ(server.stop(), 0) << server.stderr_text().substr(0, 2000);
}

TEST(AbuseKeepalive, DeadPeerInANetworkNamespaceIsRemovedAndCanLogInAgain) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root for a network namespace (unshare CLONE_NEWNET)";
  std::string skip;
  std::thread ns([&] { dead_peer_is_removed(&skip); });  // the namespace dies with the thread
  ns.join();
  if (!skip.empty()) GTEST_SKIP() << skip;
}

}  // namespace
}  // namespace iocplab::abuse
