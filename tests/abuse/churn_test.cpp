// abuse.churn — connections that die at random points (before login, mid-login with the
// answer pending, mid-frame, after playing; by FIN or by RST via SO_LINGER 0), from several
// threads at once, reusing a small pool of names. Then the proof that every slot is free
// again: --max-sessions fresh clients all log in (no zombie session keeps a slot, no name is
// still "online"), and each one's view holds exactly the others (no ghost player).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include "child_server.h"
#include "game_client.h"
#include "socket_probe.h"

namespace iocplab::abuse {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr int kMaxSessions = 48;
constexpr int kNames = 24;  // fewer names than sessions: logins collide with online ones

std::string pool_name(int i) { return "churn" + std::to_string(i % kNames); }

// One connection that dies in the way `how` picks.
void churn_once(uint16_t port, std::mt19937& rng) {
  testing::GameClient c;
  if (!c.connect(port)) return;
  const int how = int(rng() % 6);
  const bool rst = rng() % 2;
  const std::string name = pool_name(int(rng()));
  auto login = proto::to_bytes(proto::make_login(name, "pw"));
  switch (how) {
    case 0:  // before any byte
      break;
    case 1:  // half a CS_LOGIN
      c.send(std::vector<uint8_t>(login.begin(), login.begin() + 1 + long(rng() % (login.size() - 1))));
      break;
    case 2: {  // a whole CS_LOGIN and moves behind it, gone before the answer
      std::vector<uint8_t> behind = proto::to_bytes(proto::CsMove{uint8_t(rng() % 4), 1, 1});
      login.insert(login.end(), behind.begin(), behind.end());
      c.send(login);
      break;
    }
    case 3:  // logged in (or refused: the name is online), then half a frame
      if (c.login(name, "pw")) {
        auto mv = proto::to_bytes(proto::CsMove{1, 1, 1});
        c.send(std::vector<uint8_t>(mv.begin(), mv.begin() + 1 + long(rng() % (mv.size() - 1))));
      }
      break;
    case 4:  // logged in and moving, gone without reading
      if (c.login(name, "pw"))
        for (int i = 0; i < 5; ++i) c.move(uint8_t(rng() % 4));
      break;
    case 5:  // a chat half sent
      if (c.login(name, "pw")) {
        auto chat = proto::to_bytes(proto::CsChat{"hello from a churned client"});
        c.send(std::vector<uint8_t>(chat.begin(), chat.begin() + long(chat.size() / 2)));
      }
      break;
  }
  if (rst) arm_reset(c.conn.fd());
  c.conn.close();
}

TEST(AbuseChurn, EverySlotIsFreeAgainAfterRandomDisconnects) {
  ASSERT_TRUE(raise_fd_limit(kMaxSessions * 4 + 100));
  ChildServer server;
  std::string why;
  ASSERT_TRUE(server.start({"--db", ":memory:", "--world", "16", "--view", "16", "--max-sessions",
                            std::to_string(kMaxSessions), "--workers", "2", "--login-timeout", "2"},
                           &why))
      << why;

  constexpr int kThreads = 4, kRoundsEach = 500;
  std::atomic<int> rounds{0};
  std::vector<std::thread> threads;
  const auto start = Clock::now();
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 rng(1234u + unsigned(t));
      for (int i = 0; i < kRoundsEach && Clock::now() - start < 40s; ++i) {
        churn_once(server.port(), rng);
        rounds.fetch_add(1);
      }
    });
  }
  for (auto& th : threads) th.join();
  std::printf("[ measured ] %d churned connections in %lld ms\n", rounds.load(),
              (long long)std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count());
  ASSERT_TRUE(server.alive());

  // Fill every slot, the churned names first. A close still on its way may need a moment:
  // each login is retried (bounded) while the answer is "server full" or "already logged in".
  std::vector<std::unique_ptr<testing::GameClient>> all;
  std::set<uint32_t> ids;
  const auto fill_deadline = Clock::now() + 15s;
  for (int i = 0; i < kMaxSessions; ++i) {
    const std::string name = i < kNames ? pool_name(i) : "fresh" + std::to_string(i);
    std::optional<proto::ScLoginOk> ok;
    uint8_t last_fail = 0;
    while (!ok && Clock::now() < fill_deadline) {
      auto c = std::make_unique<testing::GameClient>();
      ASSERT_TRUE(c->connect(server.port()));
      ok = c->login(name, "pw");
      if (ok) {
        ids.insert(c->id);
        all.push_back(std::move(c));
      } else {
        last_fail = 1;
        std::this_thread::sleep_for(50ms);
      }
    }
    ASSERT_TRUE(ok) << "slot " << i << " (" << name << ") never got SC_LOGIN_OK" << (last_fail ? " (refused)" : "");
  }
  // Beyond the last slot: server full. So exactly kMaxSessions slots exist and all are ours.
  testing::GameClient extra;
  ASSERT_TRUE(extra.connect(server.port()));
  EXPECT_EQ(extra.login_fail("one-too-many", "pw"), 3);

  // Every view (the whole 16x16 world) holds exactly the other live players.
  for (auto& c : all) {
    ASSERT_TRUE(c->sync());
    std::set<uint32_t> seen;
    for (auto& [id, pos] : c->view) seen.insert(id);
    std::set<uint32_t> others = ids;
    others.erase(c->id);
    EXPECT_EQ(seen, others) << "client " << c->id << " sees " << seen.size() << " players, " << others.size()
                            << " are online";
  }
  all.clear();
  EXPECT_EQ(server.stop(), 0) << server.stderr_text().substr(0, 2000);
}

}  // namespace
}  // namespace iocplab::abuse
