// sector_grid.cpp — stage 18: the sector grid (see sector_grid.h).
#include "sector_grid.h"

#include <algorithm>

void SectorGrid::reset(int world, int sector_size) {
  size_ = std::max(sector_size, 1);
  side_ = (world + size_ - 1) / size_;
  cells_.assign((size_t)side_ * side_, {});
}

void SectorGrid::add(int id, int x, int y) { at(x, y).insert(id); }
void SectorGrid::remove(int id, int x, int y) { at(x, y).erase(id); }

// [lesson:grid-move]
// Most moves stay inside one sector: nothing to do. Crossing a border, the ID leaves the
// old sector and joins the new one; left in both, it would be found twice.
//ko: 대부분의 이동은 한 섹터 안에서 끝난다: 할 일이 없다. 경계를 넘으면 ID가 옛 섹터에서
//ko: 빠지고 새 섹터에 들어간다. 둘 다에 남으면 두 번 찾힌다.
void SectorGrid::move(int id, int old_x, int old_y, int x, int y) {
  if (&at(old_x, old_y) == &at(x, y)) return;
  remove(id, old_x, old_y);
  add(id, x, y);
}
// [/lesson:grid-move]

// [lesson:grid-around]
void SectorGrid::around(int x, int y, int r, std::vector<int>& ids) const {
  int sx0 = std::max(x - r, 0) / size_, sx1 = std::min((x + r) / size_, side_ - 1);
  int sy0 = std::max(y - r, 0) / size_, sy1 = std::min((y + r) / size_, side_ - 1);
  for (int sy = sy0; sy <= sy1; ++sy)  // sectors of 2r+1 tiles or more: at most 2x2 of them
    //ko: 섹터가 2r+1 타일 이상이면 많아야 2x2개
    for (int sx = sx0; sx <= sx1; ++sx)
      for (int id : cells_[(size_t)sy * side_ + sx]) ids.push_back(id);
}
// [/lesson:grid-around]
