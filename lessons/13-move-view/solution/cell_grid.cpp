// cell_grid.cpp — solved: a cell is a list of ids; where each id stands is kept beside it.
#include "cell_grid.h"

#include <algorithm>
#include <cstdlib>

CellGrid::CellGrid(int world, int view)
    : view_(view), side_(std::max(view, 1)), per_axis_((world + side_ - 1) / side_),
      cells_((size_t)per_axis_ * per_axis_) {}

void CellGrid::add(int id, int x, int y) {
  where_[id] = {x, y};
  cell_of(x, y).push_back(id);
}

void CellGrid::remove(int id) {
  auto [x, y] = where_.at(id);
  std::vector<int>& cell = cell_of(x, y);
  cell.erase(std::find(cell.begin(), cell.end(), id));  // swap-and-pop would do too
  where_.erase(id);
}

void CellGrid::move(int id, int x, int y) {
  auto [old_x, old_y] = where_.at(id);
  if (&cell_of(old_x, old_y) != &cell_of(x, y)) {  // most moves stay in their cell
    remove(id);
    add(id, x, y);
  }
  where_[id] = {x, y};
}

std::vector<int> CellGrid::in_view(int x, int y, size_t* visited) const {
  std::vector<int> ids;
  int cx = x / side_, cy = y / side_;
  for (int j = std::max(cy - 1, 0); j <= std::min(cy + 1, per_axis_ - 1); ++j)
    for (int i = std::max(cx - 1, 0); i <= std::min(cx + 1, per_axis_ - 1); ++i)
      for (int id : cells_[(size_t)j * per_axis_ + i]) {
        ++*visited;
        auto [px, py] = where_.at(id);
        if (std::abs(px - x) <= view_ && std::abs(py - y) <= view_) ids.push_back(id);
      }
  return ids;
}
