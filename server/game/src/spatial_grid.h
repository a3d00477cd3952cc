// spatial_grid.h — the world cut into square cells (side >= view radius), each holding the
// players standing in it, so a view query visits at most 4 x 3 cells, never the whole world.
#pragma once

#include <cstdint>
#include <mutex>
#include <vector>

#include "player.h"

namespace iocplab::game {

class SpatialGrid {
 public:
  struct Cell {
    std::mutex lock;               // guards players and the x, y of each player in it
    std::vector<Player*> players;  // not owned
  };
  struct Range {  // inclusive cell coordinates
    uint32_t cx0, cy0, cx1, cy1;
  };

  SpatialGrid(uint16_t world, uint16_t view);

  uint32_t side() const { return side_; }
  uint32_t cells_per_axis() const { return per_axis_; }
  // Cells holding every tile within `view` of the box [x0..x1] x [y0..y1].
  Range around(uint16_t x0, uint16_t y0, uint16_t x1, uint16_t y1) const;
  Cell& cell(uint32_t cx, uint32_t cy) { return cells_[cy * per_axis_ + cx]; }
  Cell& cell_of(uint16_t x, uint16_t y) { return cell(x / side_, y / side_); }

 private:
  uint16_t world_;
  uint16_t view_;
  uint32_t side_;
  uint32_t per_axis_;
  std::vector<Cell> cells_;
};

// Locks the cells of a Range. Lock order rule (deadlock freedom): cells are always taken in
// row-major order (cy, then cx), the only order anyone uses, and released together.
class RegionLock {
 public:
  RegionLock(SpatialGrid& grid, SpatialGrid::Range r);
  ~RegionLock();
  RegionLock(const RegionLock&) = delete;
  RegionLock& operator=(const RegionLock&) = delete;

 private:
  std::vector<std::mutex*> held_;
};

}  // namespace iocplab::game
