// Concurrent moves from several worker threads: afterwards every client's picture of the
// world (replayed from the frames it received) matches where everyone really is.
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

TEST(Concurrency, ViewsStayConsistentUnderConcurrentMoves) {
  constexpr uint16_t kWorld = 40, kView = 5;
  constexpr int kThreads = 4, kPerThread = 8, kMoves = 300;
  Harness h(small_config(kWorld, kView));
  std::vector<net::SessionId> ids;
  for (int i = 0; i < kThreads * kPerThread; ++i) {
    ids.push_back(sid(uint32_t(i + 1)));
    ASSERT_TRUE(h.login(ids.back(), "p" + std::to_string(i), "pw"));
  }

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

  std::map<net::SessionId, Picture> pics;
  for (auto id : ids) {
    pics[id] = replay(h, id);
    ASSERT_EQ(pics[id].error, "") << "session " << id;
  }
  int pairs_in_view = 0;
  for (auto a : ids)
    for (auto b : ids) {
      if (a == b) continue;
      const Pos pa = pics[a].self, pb = pics[b].self;
      const bool in_view = std::abs(pa.x - pb.x) <= kView && std::abs(pa.y - pb.y) <= kView;
      pairs_in_view += in_view;
      auto it = pics[a].known.find(b);
      ASSERT_EQ(in_view, it != pics[a].known.end()) << a << " about " << b;
      if (in_view) {
        ASSERT_EQ(it->second, pb) << a << " about " << b;
      }
    }
  EXPECT_GT(pairs_in_view, 0);  // the test did exercise visibility
  for (auto id : ids) EXPECT_FALSE(h.out.closed(id));
}

}  // namespace
}  // namespace iocplab::game::test
