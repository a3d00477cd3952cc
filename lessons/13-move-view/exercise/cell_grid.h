// cell_grid.h — the exercise of stage 13: a grid of cells instead of the full scan.
// The world is cut into square cells whose side is at least the view radius; a player's
// view then lies inside the 3 x 3 cells around its own, so a query looks only at those.
#pragma once

#include <cstddef>
#include <unordered_map>
#include <utility>
#include <vector>

class CellGrid {
 public:
  CellGrid(int world, int view);
  void add(int id, int x, int y);
  void remove(int id);
  void move(int id, int x, int y);
  // Every id within view of (x, y), itself included if it stands there. `visited` counts
  // the ids looked at: the cost of the query.
  std::vector<int> in_view(int x, int y, size_t* visited) const;

 private:
  std::vector<int>& cell_of(int x, int y) { return cells_[(size_t)(y / side_) * per_axis_ + x / side_]; }
  int view_, side_, per_axis_;
  std::vector<std::vector<int>> cells_;
  std::unordered_map<int, std::pair<int, int>> where_;  // where each id stands
};
