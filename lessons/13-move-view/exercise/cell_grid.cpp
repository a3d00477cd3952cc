// cell_grid.cpp — your solution goes here (`./lab lesson 13 --check` tests it). This start
// keeps everyone in one cell: correct, and exactly as slow as the full scan.
#include "cell_grid.h"

#include <algorithm>
#include <cstdlib>

CellGrid::CellGrid(int world, int view) : view_(view), side_(std::max(world, 1)), per_axis_(1), cells_(1) {}

void CellGrid::add(int id, int x, int y) {
  where_[id] = {x, y};
  cells_[0].push_back(id);
}

void CellGrid::remove(int id) {
  cells_[0].erase(std::find(cells_[0].begin(), cells_[0].end(), id));
  where_.erase(id);
}

void CellGrid::move(int id, int x, int y) { where_[id] = {x, y}; }

std::vector<int> CellGrid::in_view(int x, int y, size_t* visited) const {
  // TODO: cells of side max(view, 1), and look only at the 3 x 3 cells around (x, y).
  std::vector<int> ids;
  for (int id : cells_[0]) {
    ++*visited;
    auto [px, py] = where_.at(id);
    if (std::abs(px - x) <= view_ && std::abs(py - y) <= view_) ids.push_back(id);
  }
  return ids;
}
