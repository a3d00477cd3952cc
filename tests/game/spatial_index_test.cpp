// Spatial index: the cost of a move (player entries examined) depends on who is near, not
// on how many are online. Counts entries, not time.
#include <memory>

#include "harness.h"
#include "world.h"

namespace iocplab::game::test {
namespace {

// Counts sends only: recording 20000 players' ADD frames would cost more than the test.
class CountingOutbox : public net::SessionOutbox {
 public:
  void send(net::SessionId, net::Bytes) override { ++sends; }
  void close(net::SessionId, net::CloseReason, std::string_view) override {}
  void post(std::function<void()> fn) override { fn(); }
  uint64_t sends = 0;
};

net::Bytes login_ok() { return std::make_shared<const std::vector<uint8_t>>(proto::to_bytes(proto::ScLoginOk{})); }

struct Costs {
  uint64_t enter, move, chat, leave;
};

Costs measure(World& w, Player& probe) {
  Costs c{};
  uint64_t before = w.visited();
  w.enter(probe, login_ok());
  c.enter = w.visited() - before;
  before = w.visited();
  for (int i = 0; i < 8; ++i) w.move(probe, uint8_t(i % 4), 0, 0);
  c.move = w.visited() - before;
  before = w.visited();
  w.chat(probe, "hi");
  c.chat = w.visited() - before;
  before = w.visited();
  w.leave(probe);
  c.leave = w.visited() - before;
  return c;
}

TEST(SpatialIndex, CostIndependentOfFarAwayPlayers) {
  CountingOutbox out;
  World w(400, 7, out);
  Player near1(sid(1), "n1", 102, 100), near2(sid(2), "n2", 100, 95);
  w.enter(near1, login_ok());
  w.enter(near2, login_ok());

  Player probe(sid(3), "probe", 100, 100);
  const Costs alone = measure(w, probe);
  EXPECT_GE(alone.move, 8u * 2);  // it did look at its two neighbours

  std::vector<std::unique_ptr<Player>> far;
  for (uint32_t i = 0; far.size() < 20000 && i < 100000; ++i) {
    const uint16_t x = uint16_t(i * 37 % 400), y = uint16_t(i * 91 % 400 + i / 400 % 7) % 400;
    if (x > 60 && x < 140 && y > 60 && y < 140) continue;  // keep clear of the probe
    far.push_back(std::make_unique<Player>(sid(10 + i), "far", x, y));
    w.enter(*far.back(), login_ok());
  }
  ASSERT_EQ(far.size(), 20000u);
  Player probe2(sid(4), "probe2", 100, 100);
  const Costs crowded = measure(w, probe2);
  EXPECT_EQ(crowded.enter, alone.enter);
  EXPECT_EQ(crowded.move, alone.move);
  EXPECT_EQ(crowded.chat, alone.chat);
  EXPECT_EQ(crowded.leave, alone.leave);
  for (auto& p : far) w.leave(*p);
  w.leave(near1);
  w.leave(near2);
}

TEST(SpatialIndex, CostIsBoundedByTheCellsAroundTheMove) {
  FakeOutbox out;
  World w(400, 7, out);
  // 50 players on one tile next to the probe, 50 on a tile 20 tiles away.
  std::vector<std::unique_ptr<Player>> crowd;
  for (uint32_t i = 0; i < 100; ++i) {
    crowd.push_back(std::make_unique<Player>(sid(10 + i), "c", uint16_t(i < 50 ? 201 : 221), uint16_t(200)));
    w.enter(*crowd.back(), login_ok());
  }
  Player probe(sid(1), "p", 200, 200);
  w.enter(probe, login_ok());
  const uint64_t before = w.visited();
  w.move(probe, 1, 0, 0);
  const uint64_t cost = w.visited() - before;
  EXPECT_GE(cost, 50u);   // the neighbours on its tile
  EXPECT_LT(cost, 100u);  // not the ones 20 tiles away (view 7, cell side 7)
  w.leave(probe);
  for (auto& p : crowd) w.leave(*p);
}

}  // namespace
}  // namespace iocplab::game::test
