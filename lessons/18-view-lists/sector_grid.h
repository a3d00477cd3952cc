// sector_grid.h — stage 18: the world cut into square sectors, each holding the IDs on it,
// so "who is near (x, y)" looks at a few sectors instead of every client.
#pragma once

#include <unordered_set>
#include <vector>

// Not locked: the server uses it under world_lock_ only.
//ko: 락이 없다: 서버는 world_lock_을 쥔 채로만 쓴다.
class SectorGrid {
 public:
  void reset(int world, int sector_size);
  void add(int id, int x, int y);
  void remove(int id, int x, int y);
  void move(int id, int old_x, int old_y, int x, int y);  // x, y: the new position
  //ko: x, y: 새 위치
  // Every ID in the sectors that touch the square |dx| <= r, |dy| <= r around (x, y):
  // a superset of who is in view; the caller checks the distance.
  //ko: (x, y) 둘레의 정사각형 |dx| <= r, |dy| <= r에 걸친 섹터들의 ID 전부: 시야 안의
  //ko: 이들을 다 담은 더 큰 집합이다. 거리는 부르는 쪽이 확인한다.
  void around(int x, int y, int r, std::vector<int>& ids) const;

 private:
  std::unordered_set<int>& at(int x, int y) { return cells_[(y / size_) * side_ + x / size_]; }
  int size_ = 1, side_ = 1;  // sector edge in tiles; sectors per row
  //ko: 섹터 한 변의 타일 수. 한 줄의 섹터 수
  std::vector<std::unordered_set<int>> cells_;
};
