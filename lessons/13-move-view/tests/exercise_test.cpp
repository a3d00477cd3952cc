// Stage 13 exercise check (exercise/cell_grid.cpp; solved in solution/): replace the full
// scan with a grid of cells. players_in_view
// looks at every slot of the client array for every move: with 10,000 players that is
// 10,000 checks per move. Cut the world into square cells whose side is at least the view
// radius; a player's view then lies inside the 3 x 3 cells around its own, so a query
// only looks at the players in those. server/game's SpatialGrid works this way.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <random>
#include <unordered_map>
#include <vector>

#include "cell_grid.h"

namespace {

// The stage's way, for comparison: look at everyone.
struct FullScan {
  std::unordered_map<int, std::pair<int, int>> where;
  std::vector<int> in_view(int x, int y, int view, size_t* visited) const {
    std::vector<int> ids;
    for (auto& [id, pos] : where) {
      ++*visited;
      if (std::abs(pos.first - x) <= view && std::abs(pos.second - y) <= view) ids.push_back(id);
    }
    return ids;
  }
};

TEST(Exercise13, TheGridFindsExactlyWhatTheFullScanFindsAndLooksAtFarFewer) {
  constexpr int kWorld = 400, kView = 7, kPlayers = 3000, kSteps = 20000;
  std::mt19937 random(7);  // a fixed seed: the same run every time
  std::uniform_int_distribution<int> tile(0, kWorld - 1), dir(0, 3), pick(0, kPlayers - 1);
  CellGrid grid(kWorld, kView);
  FullScan scan;
  for (int id = 0; id < kPlayers; ++id) {
    int x = tile(random), y = tile(random);
    grid.add(id, x, y);
    scan.where[id] = {x, y};
  }
  size_t grid_cost = 0, scan_cost = 0, found = 0;
  for (int step = 0; step < kSteps; ++step) {
    int id = pick(random);
    auto [x, y] = scan.where[id];
    switch (dir(random)) {  // one tile, clamped, like CS_MOVE
      case 0: y = std::max(y - 1, 0); break;
      case 1: y = std::min(y + 1, kWorld - 1); break;
      case 2: x = std::max(x - 1, 0); break;
      default: x = std::min(x + 1, kWorld - 1); break;
    }
    if (step % 1000 == 999) {  // now and then a player leaves and comes back elsewhere
      grid.remove(id);
      x = tile(random);
      y = tile(random);
      grid.add(id, x, y);
    } else {
      grid.move(id, x, y);
    }
    scan.where[id] = {x, y};
    std::vector<int> a = grid.in_view(x, y, &grid_cost), b = scan.in_view(x, y, kView, &scan_cost);
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    ASSERT_EQ(a, b) << "step " << step << ": player " << id << " at (" << x << "," << y << ")";
    found += a.size();
  }
  EXPECT_GT(found, (size_t)2 * kSteps) << "queries found others, not just the mover";
  EXPECT_EQ(scan_cost, (size_t)kSteps * kPlayers);
  EXPECT_LT(grid_cost * 50, scan_cost) << "the grid looks at 50 times fewer players, at least";
}

TEST(Exercise13, AViewOfZeroAndTheWorldsEdgesWork) {
  CellGrid grid(5, 0);  // cells of one tile
  grid.add(1, 0, 0);
  grid.add(2, 4, 4);
  grid.add(3, 4, 4);
  size_t cost = 0;
  std::vector<int> corner = grid.in_view(4, 4, &cost);
  std::sort(corner.begin(), corner.end());
  EXPECT_EQ(corner, (std::vector<int>{2, 3}));
  EXPECT_EQ(grid.in_view(0, 0, &cost), std::vector<int>{1});
  grid.move(1, 1, 0);
  EXPECT_TRUE(grid.in_view(0, 0, &cost).empty());
}

}  // namespace
