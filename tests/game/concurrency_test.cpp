// Concurrent moves from several worker threads: afterwards every client's picture of the
// world (replayed from the frames it received) matches where everyone really is.
#include <atomic>
#include <map>
#include <random>
#include <thread>

#include "harness.h"

namespace iocplab::game::test {
namespace {

struct Pos {
  int x = -1, y = -1;
  bool operator==(const Pos&) const = default;
};

struct Picture {
  Pos self;
  std::map<net::SessionId, Pos> known;
  std::string error;  // first inconsistency in the stream itself
};

Picture replay(Harness& h, net::SessionId me) {
  Picture pic;
  auto fail = [&](const std::string& e) {
    if (pic.error.empty()) pic.error = e;
  };
  for (auto& p : h.packets(me)) {
    if (auto* ok = std::get_if<proto::ScLoginOk>(&p)) {
      pic.self = {ok->x, ok->y};
    } else if (auto* add = std::get_if<proto::ScAddPlayer>(&p)) {
      if (add->id == me) fail("ADD for itself");
      if (!pic.known.emplace(add->id, Pos{add->x, add->y}).second) fail("ADD for a known player");
    } else if (auto* mv = std::get_if<proto::ScMovePlayer>(&p)) {
      if (mv->id == me) {
        pic.self = {mv->x, mv->y};
      } else if (!pic.known.count(mv->id)) {
        fail("MOVE for an unknown player");
      } else {
        pic.known[mv->id] = {mv->x, mv->y};
      }
    } else if (auto* rm = std::get_if<proto::ScRemovePlayer>(&p)) {
      if (!pic.known.erase(rm->id)) fail("REMOVE for an unknown player");
    }
  }
  return pic;
}

// For every online player a: a knows exactly the online players in its view, at their
// real positions.
void expect_consistent(Harness& h, const std::vector<net::SessionId>& online, uint16_t view,
                       int* pairs_in_view) {
  std::map<net::SessionId, Picture> pics;
  for (auto id : online) {
    pics[id] = replay(h, id);
    ASSERT_EQ(pics[id].error, "") << "session " << id;
  }
  for (auto a : online) {
    size_t expected_known = 0;
    for (auto b : online) {
      if (a == b) continue;
      const Pos pa = pics[a].self, pb = pics[b].self;
      const bool in_view = std::abs(pa.x - pb.x) <= view && std::abs(pa.y - pb.y) <= view;
      *pairs_in_view += in_view;
      expected_known += in_view;
      auto it = pics[a].known.find(b);
      ASSERT_EQ(in_view, it != pics[a].known.end()) << a << " about " << b;
      if (in_view) {
        ASSERT_EQ(it->second, pb) << a << " about " << b;
      }
    }
    ASSERT_EQ(pics[a].known.size(), expected_known) << a << " knows a player who left";
  }
}

TEST(Concurrency, ViewsStayConsistentUnderConcurrentMoves) {
  constexpr uint16_t kWorld = 40, kView = 5;
  constexpr int kThreads = 4, kPerThread = 8, kMoves = 300;
  Harness h(small_config(kWorld, kView));
  std::vector<net::SessionId> ids;
  for (int i = 0; i < kThreads * kPerThread; ++i) {
    ids.push_back(sid(uint32_t(i + 1)));
    ASSERT_TRUE(h.login(ids.back(), "p" + std::to_string(i), "pw"));
  }
  h.out.record_without_lock(ids);

  std::vector<std::thread> workers;
  for (int t = 0; t < kThreads; ++t)
    workers.emplace_back([&, t] {
      std::mt19937 rng(uint32_t(t) + 1);
      for (int m = 0; m < kMoves; ++m)
        for (int k = 0; k < kPerThread; ++k) {
          const auto id = ids[size_t(t * kPerThread + k)];
          h.game().on_frame(id, proto::to_bytes(proto::CsMove{uint8_t(rng() % 4), uint32_t(m), 0}));
        }
    });
  for (auto& w : workers) w.join();
  ASSERT_FALSE(h.out.malformed());

  int pairs_in_view = 0;
  expect_consistent(h, ids, kView, &pairs_in_view);
  EXPECT_GT(pairs_in_view, 0);  // the test did exercise visibility
  for (auto id : ids) EXPECT_FALSE(h.out.closed(id));
}

// Players leaving and logging in (answers run on the churn thread, like a worker) while
// others move: no lost ADD or REMOVE.
net::SessionId churn_id(int round) { return sid(uint32_t(100 + round), 2); }

TEST(Concurrency, EnterAndLeaveRacingWithMoves) {
  constexpr uint16_t kWorld = 24, kView = 4;
  constexpr int kMovers = 3, kPerMover = 6, kMoves = 200, kChurners = 6, kRounds = 60;
  Harness h(small_config(kWorld, kView));
  std::vector<net::SessionId> movers, churn;
  uint32_t slot = 1;
  for (int i = 0; i < kMovers * kPerMover; ++i) {
    movers.push_back(sid(slot++));
    ASSERT_TRUE(h.login(movers.back(), "m" + std::to_string(i), "pw"));
  }
  for (int i = 0; i < kChurners; ++i) {
    churn.push_back(sid(slot++));
    ASSERT_TRUE(h.login(churn.back(), "c" + std::to_string(i), "pw"));
  }
  std::vector<net::SessionId> recorded = movers;
  recorded.insert(recorded.end(), churn.begin(), churn.end());
  for (int r = 0; r < kRounds; ++r) recorded.push_back(churn_id(r));
  h.out.record_without_lock(recorded);

  std::atomic<bool> churn_ok{true};
  std::vector<std::thread> threads;
  for (int t = 0; t < kMovers; ++t)
    threads.emplace_back([&, t] {
      std::mt19937 rng(uint32_t(t) + 7);
      for (int m = 0; m < kMoves; ++m)
        for (int k = 0; k < kPerMover; ++k)
          h.game().on_frame(movers[size_t(t * kPerMover + k)],
                            proto::to_bytes(proto::CsMove{uint8_t(rng() % 4), uint32_t(m), 0}));
    });
  threads.emplace_back([&] {
    std::mt19937 rng(99);
    for (int r = 0; r < kRounds && churn_ok; ++r) {
      const size_t k = rng() % churn.size();
      h.game().on_close(churn[k], net::CloseReason::PeerClosed);
      const auto id = churn_id(r);
      h.game().on_open(id);
      h.game().on_frame(id, proto::to_bytes(proto::make_login("c" + std::to_string(k), "pw")));
      if (!h.out.pump_until([&] { return h.out.has_frames(id); })) churn_ok = false;
      for (int m = 0; m < 5; ++m)
        h.game().on_frame(id, proto::to_bytes(proto::CsMove{uint8_t(rng() % 4), 0, 0}));
      churn[k] = id;
    }
  });
  for (auto& t : threads) t.join();
  ASSERT_TRUE(churn_ok);

  std::vector<net::SessionId> online = movers;
  online.insert(online.end(), churn.begin(), churn.end());
  EXPECT_EQ(h.game().players_online(), online.size());
  int pairs_in_view = 0;
  expect_consistent(h, online, kView, &pairs_in_view);
  EXPECT_GT(pairs_in_view, 0);
}

}  // namespace
}  // namespace iocplab::game::test
