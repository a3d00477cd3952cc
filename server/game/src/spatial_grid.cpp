#include "spatial_grid.h"

#include <algorithm>

namespace iocplab::game {

namespace {
constexpr uint32_t kMaxCellsPerAxis = 256;  // bounds memory for huge worlds with small views
}

SpatialGrid::SpatialGrid(uint16_t world, uint16_t view) : world_(world), view_(view) {
  const uint32_t w = std::max<uint32_t>(world, 1);
  const uint32_t min_side_for_cap = (w + kMaxCellsPerAxis - 1) / kMaxCellsPerAxis;
  side_ = std::max({uint32_t{view}, uint32_t{1}, min_side_for_cap});
  per_axis_ = (w + side_ - 1) / side_;
  cells_ = std::vector<Cell>(size_t{per_axis_} * per_axis_);
}

SpatialGrid::Range SpatialGrid::around(uint16_t x0, uint16_t y0, uint16_t x1, uint16_t y1) const {
  const int64_t last = int64_t{std::max<uint16_t>(world_, 1)} - 1;
  auto lo = [&](uint16_t v) { return uint32_t(std::max<int64_t>(0, int64_t{v} - view_)) / side_; };
  auto hi = [&](uint16_t v) { return uint32_t(std::min<int64_t>(last, int64_t{v} + view_)) / side_; };
  return Range{lo(x0), lo(y0), hi(x1), hi(y1)};
}

RegionLock::RegionLock(SpatialGrid& grid, SpatialGrid::Range r) {
  held_.reserve(size_t{r.cx1 - r.cx0 + 1} * (r.cy1 - r.cy0 + 1));
  for (uint32_t cy = r.cy0; cy <= r.cy1; ++cy)
    for (uint32_t cx = r.cx0; cx <= r.cx1; ++cx) {
      std::mutex* m = &grid.cell(cx, cy).lock;
      m->lock();
      held_.push_back(m);
    }
}

RegionLock::~RegionLock() {
  for (auto it = held_.rbegin(); it != held_.rend(); ++it) (*it)->unlock();
}

}  // namespace iocplab::game
